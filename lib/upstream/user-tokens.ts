// Users' upstream OAuth tokens: storing a connection, and the ONE reader that refreshes once at a time across instances.
import "server-only";
import type { OAuthTokens } from "@modelcontextprotocol/client";
import type { DbHandle, Queryable } from "@/lib/db/connect";
import { withLock } from "@/lib/db/lock";
import {
  getUserToken,
  markUserTokenNeedsReconnect,
  updateUserToken,
  upsertUserToken,
} from "@/lib/db/queries/mcp-server-user-tokens";
import type { McpServer, McpServerUserToken } from "@/lib/db/schema";
import { openOptional, openSecret, sealSecret } from "@/lib/crypto/instance-secrets";
import { expiresAtOf, oauthClientConfig, refreshTokens, TokenRequestError } from "@/lib/upstream/oauth-client";
import { log } from "@/lib/log";

/** Tokens this close to expiry are refreshed before use (less for short-lived tokens: half their lifetime). */
export const REFRESH_SKEW_MS = 60_000;

export type ServerTokenResult =
  | { status: "ok"; accessToken: string; expiresAt: Date | null; refreshed: boolean }
  | { status: "not_connected" }
  /** The authorization server refused the refresh token (or the upstream the token): the user must connect again. */
  | { status: "needs_reconnect" }
  /** The authorization server could not be reached or answered oddly; try again later. */
  | { status: "unavailable"; message: string };

export function refreshDue(row: Pick<McpServerUserToken, "expiresAt" | "updatedAt">, now: Date): boolean {
  if (!row.expiresAt) return false;
  const lifetime = row.expiresAt.getTime() - row.updatedAt.getTime();
  const skew = Math.min(REFRESH_SKEW_MS, Math.max(0, lifetime / 2));
  return row.expiresAt.getTime() - now.getTime() <= skew;
}

function usable(row: McpServerUserToken, refreshed: boolean): ServerTokenResult {
  return { status: "ok", accessToken: openSecret(row.accessTokenEncrypted), expiresAt: row.expiresAt, refreshed };
}

export function tokenFields(
  tokens: OAuthTokens,
  now: Date,
  previous?: Pick<McpServerUserToken, "refreshTokenEncrypted" | "scope">,
) {
  return {
    accessTokenEncrypted: sealSecret(tokens.access_token),
    // Servers that do not rotate refresh tokens send none: keep the one we have.
    refreshTokenEncrypted: tokens.refresh_token
      ? sealSecret(tokens.refresh_token)
      : (previous?.refreshTokenEncrypted ?? null),
    tokenType: tokens.token_type ?? "Bearer",
    scope: tokens.scope ?? previous?.scope ?? null,
    expiresAt: expiresAtOf(tokens, now),
  };
}

/** Stores the tokens of a completed authorization (a reconnect replaces the old row and clears "needs reconnect"). */
export async function storeConnection(
  db: Queryable,
  serverId: string,
  userId: string,
  tokens: OAuthTokens,
  now = new Date(),
) {
  return upsertUserToken(db, serverId, userId, tokenFields(tokens, now), now);
}

async function refreshLocked(q: Queryable, server: McpServer, userId: string, now: Date): Promise<ServerTokenResult> {
  // Re-read under the lock: whoever held it before us may already have refreshed.
  const row = await getUserToken(q, server.id, userId);
  if (!row) return { status: "not_connected" };
  if (row.needsReconnectAt) return { status: "needs_reconnect" };
  if (!refreshDue(row, now)) return usable(row, false);
  const refreshToken = openOptional(row.refreshTokenEncrypted);
  const config = oauthClientConfig(server);
  if (!refreshToken || !config) {
    if (row.expiresAt && row.expiresAt > now) return usable(row, false);
    await markUserTokenNeedsReconnect(q, row.id, now);
    return { status: "needs_reconnect" };
  }
  try {
    const tokens = await refreshTokens(config, refreshToken);
    const fields = tokenFields(tokens, now, row);
    await updateUserToken(q, row.id, fields, now);
    return { status: "ok", accessToken: tokens.access_token, expiresAt: fields.expiresAt, refreshed: true };
  } catch (err) {
    if (err instanceof TokenRequestError && err.invalidGrant) {
      await markUserTokenNeedsReconnect(q, row.id, now);
      log.warn("upstream authorization server refused a refresh token; the user must reconnect", {
        serverId: server.id,
        userId,
      });
      return { status: "needs_reconnect" };
    }
    const message = err instanceof TokenRequestError ? err.message : "The authorization server could not be reached.";
    log.warn("upstream token refresh failed", { serverId: server.id, userId, error: message });
    return { status: "unavailable", message };
  }
}

export async function getUsableServerToken(
  handle: DbHandle,
  userId: string,
  server: McpServer,
  now = new Date(),
): Promise<ServerTokenResult> {
  const row = await getUserToken(handle.db, server.id, userId);
  if (!row) return { status: "not_connected" };
  if (row.needsReconnectAt) return { status: "needs_reconnect" };
  if (!refreshDue(row, now)) return usable(row, false);
  return withLock(handle, `upstream-token:${server.id}:${userId}`, (q) => refreshLocked(q, server, userId, now));
}

/**
 * The upstream answered 401 to this user's token: mark the connection "needs reconnect". With `rejectedAccessToken`,
 * only when that is still the stored token (a refresh that happened meanwhile is not undone).
 */
export async function markNeedsReconnect(
  handle: DbHandle,
  userId: string,
  serverId: string,
  rejectedAccessToken?: string,
): Promise<void> {
  const row = await getUserToken(handle.db, serverId, userId);
  if (!row || row.needsReconnectAt) return;
  if (rejectedAccessToken !== undefined && openSecret(row.accessTokenEncrypted) !== rejectedAccessToken) return;
  await markUserTokenNeedsReconnect(handle.db, row.id);
}
