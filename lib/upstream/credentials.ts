// The ONE place that builds what is sent upstream for (user, server): the auth type's credential headers.
// Callers never add the caller's own Switchboard token: only what this function returns goes upstream.
import "server-only";
import type { DbHandle } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import { openOptional } from "@/lib/crypto/instance-secrets";
import { getUsableOidcAccessToken } from "@/lib/auth/oidc-tokens";

export type UpstreamCredentials =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; state: "not_connected" | "needs_reconnect" | "needs_oidc_sign_in" | "unavailable"; message: string };

function authHeaders(server: McpServer): Record<string, string> | undefined {
  switch (server.authType) {
    case "none":
      return {};
    case "api_key": {
      const value = openOptional(server.apiKeyValueEncrypted);
      return server.apiKeyHeader && value ? { [server.apiKeyHeader]: value } : undefined;
    }
    case "custom_headers": {
      const raw = openOptional(server.customHeadersEncrypted);
      return raw ? (JSON.parse(raw) as Record<string, string>) : undefined;
    }
    default:
      return undefined;
  }
}

export async function resolveUpstreamCredentials(handle: DbHandle, user: User, server: McpServer): Promise<UpstreamCredentials> {
  let headers: Record<string, string>;
  if (server.authType === "oauth2") {
    return { ok: false, state: "not_connected", message: `Connect your account for ${server.displayName} first.` };
  } else if (server.authType === "user_oidc") {
    const token = await getUsableOidcAccessToken(handle, user.id);
    if (token.status === "not_linked") {
      return { ok: false, state: "needs_oidc_sign_in", message: `${server.displayName} uses your single sign-on identity: sign in to Switchboard through the identity provider.` };
    }
    if (token.status === "needs_sign_in") {
      return { ok: false, state: "needs_oidc_sign_in", message: `Your single sign-on session expired: sign in to Switchboard through the identity provider again to use ${server.displayName}.` };
    }
    if (token.status === "unavailable") return { ok: false, state: "unavailable", message: token.message };
    headers = { authorization: `Bearer ${token.accessToken}` };
  } else {
    const fixed = authHeaders(server);
    if (!fixed) return { ok: false, state: "unavailable", message: `${server.displayName} is missing its credentials; an admin must complete its configuration.` };
    headers = fixed;
  }
  return { ok: true, headers };
}
