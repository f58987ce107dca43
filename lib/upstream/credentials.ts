// The ONE place that builds the headers sent upstream for (user, server) — never the caller's own Switchboard token.
import "server-only";
import type { DbHandle } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import { openOptional } from "@/lib/crypto/instance-secrets";
import { getUsableOidcAccessToken } from "@/lib/auth/oidc-tokens";
import { getUsableServerToken, markNeedsReconnect as markUserTokenRejected } from "@/lib/upstream/user-tokens";
import { signIdentityToken } from "@/lib/upstream/identity-jwt";
import { appUrl } from "@/lib/env";
import { headerSafe, IDENTITY_HEADERS } from "@/lib/upstream/identity-headers";

export type UpstreamCredentials =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; state: "not_connected" | "needs_reconnect" | "needs_oidc_sign_in" | "unavailable"; message: string };

const connectionsUrl = () => appUrl("/connections");

async function authHeaders(handle: DbHandle, user: User, server: McpServer): Promise<UpstreamCredentials> {
  switch (server.authType) {
    case "none":
      return { ok: true, headers: {} };
    case "api_key": {
      const value = openOptional(server.apiKeyValueEncrypted);
      if (!server.apiKeyHeader || !value) break;
      return { ok: true, headers: { [server.apiKeyHeader]: value } };
    }
    case "custom_headers": {
      const raw = openOptional(server.customHeadersEncrypted);
      if (!raw) break;
      return { ok: true, headers: JSON.parse(raw) as Record<string, string> };
    }
    case "oauth2": {
      const token = await getUsableServerToken(handle, user.id, server);
      if (token.status === "ok") return { ok: true, headers: { Authorization: `Bearer ${token.accessToken}` } };
      if (token.status === "not_connected") {
        return {
          ok: false,
          state: "not_connected",
          message: `Connect your ${server.displayName} account at ${connectionsUrl()} first.`,
        };
      }
      if (token.status === "needs_reconnect") {
        return {
          ok: false,
          state: "needs_reconnect",
          message: `Your ${server.displayName} connection expired: reconnect it at ${connectionsUrl()}.`,
        };
      }
      return {
        ok: false,
        state: "unavailable",
        message: `${server.displayName}'s sign-in service is unavailable right now: ${token.message} Try again shortly.`,
      };
    }
    case "user_oidc": {
      const token = await getUsableOidcAccessToken(handle, user.id);
      if (token.status === "ok") return { ok: true, headers: { Authorization: `Bearer ${token.accessToken}` } };
      if (token.status === "not_linked") {
        return {
          ok: false,
          state: "needs_oidc_sign_in",
          message: `${server.displayName} uses your single sign-on identity: sign in to Switchboard through the identity provider (you signed in with a password).`,
        };
      }
      if (token.status === "needs_sign_in") {
        return {
          ok: false,
          state: "needs_oidc_sign_in",
          message: `Your single sign-on session expired: sign in to Switchboard through the identity provider again to use ${server.displayName}.`,
        };
      }
      return { ok: false, state: "unavailable", message: token.message };
    }
  }
  return {
    ok: false,
    state: "unavailable",
    message: `${server.displayName} is missing its credentials; an admin must complete its configuration.`,
  };
}

export async function resolveUpstreamCredentials(
  handle: DbHandle,
  user: User,
  server: McpServer,
): Promise<UpstreamCredentials> {
  const auth = await authHeaders(handle, user, server);
  if (!auth.ok || !server.forwardIdentityHeaders) return auth;
  return {
    ok: true,
    headers: {
      ...auth.headers,
      [IDENTITY_HEADERS.userId]: user.id,
      [IDENTITY_HEADERS.email]: headerSafe(user.email),
      [IDENTITY_HEADERS.name]: headerSafe(user.name),
      [IDENTITY_HEADERS.token]: await signIdentityToken(handle, user, server.url),
    },
  };
}

/**
 * The upstream answered 401 with this user's token: the connection needs a reconnect (oauth2 only; other auth types
 * hold no per-user token). Pass the rejected access token to avoid undoing a refresh that happened meanwhile.
 */
export async function markNeedsReconnect(
  handle: DbHandle,
  userId: string,
  serverId: string,
  rejectedAccessToken?: string,
): Promise<void> {
  await markUserTokenRejected(handle, userId, serverId, rejectedAccessToken);
}
