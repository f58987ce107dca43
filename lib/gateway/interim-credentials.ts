// INTERIM upstream credentials until the connections branch's lib/upstream/credentials lands (same contract):
// none, api_key, custom_headers and user_oidc; oauth2 connections do not exist yet, so they report "not connected".
import "server-only";
import type { DbHandle } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import { openOptional } from "@/lib/crypto/instance-secrets";
import { getUsableOidcAccessToken } from "@/lib/auth/oidc-tokens";
import type { UpstreamCredentials } from "@/lib/gateway/context";

function identityHeaders(user: User): Record<string, string> {
  return { "x-switchboard-user-id": user.id, "x-switchboard-user-email": user.email, "x-switchboard-user-name": encodeURIComponent(user.name) };
}

export async function resolveInterimCredentials(handle: DbHandle, user: User, server: McpServer): Promise<UpstreamCredentials> {
  let headers: Record<string, string> = {};
  switch (server.authType) {
    case "none":
      break;
    case "api_key": {
      const value = openOptional(server.apiKeyValueEncrypted);
      if (!server.apiKeyHeader || !value) return { ok: false, state: "unavailable", message: "The server's API key is not configured." };
      headers = { [server.apiKeyHeader]: value };
      break;
    }
    case "custom_headers": {
      const sealed = openOptional(server.customHeadersEncrypted);
      headers = sealed ? (JSON.parse(sealed) as Record<string, string>) : {};
      break;
    }
    case "user_oidc": {
      const t = await getUsableOidcAccessToken(handle, user.id);
      if (t.status === "not_linked" || t.status === "needs_sign_in") return { ok: false, state: "needs_oidc_sign_in", message: "Sign in through the identity provider." };
      if (t.status === "unavailable") return { ok: false, state: "unavailable", message: t.message };
      headers = { authorization: `Bearer ${t.accessToken}` };
      break;
    }
    case "oauth2":
      return { ok: false, state: "not_connected", message: "Connect this server in Switchboard." };
  }
  return { ok: true, headers: server.forwardIdentityHeaders ? { ...headers, ...identityHeaders(user) } : headers };
}

export async function interimMarkNeedsReconnect(): Promise<void> {
  // Nothing to mark until oauth2 connections exist.
}
