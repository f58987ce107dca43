// Every auth type's strategy by name: the one table the rest of Switchboard looks auth-type behaviour up in.
import "server-only";
import type { AuthType, McpServer } from "@/lib/db/schema";
import type { AuthTypeStrategy } from "@/lib/auth-types/types";
import { none } from "@/lib/auth-types/none";
import { oauth2 } from "@/lib/auth-types/oauth2";
import { apiKey } from "@/lib/auth-types/api-key";
import { customHeaders } from "@/lib/auth-types/custom-headers";
import { userOidc } from "@/lib/auth-types/user-oidc";

export const AUTH_TYPES: Record<AuthType, AuthTypeStrategy> = {
  none,
  oauth2,
  api_key: apiKey,
  custom_headers: customHeaders,
  user_oidc: userOidc,
};

export function strategyFor(server: Pick<McpServer, "authType">): AuthTypeStrategy {
  return AUTH_TYPES[server.authType];
}
