// The ONE server-side reader of a user's identity-provider access token: refreshes it when stale, once at a time.
import "server-only";
import type { DbHandle, Queryable } from "@/lib/db/connect";
import { withLock } from "@/lib/db/lock";
import { getOidcAccountByUser, updateOidcAccountTokens } from "@/lib/db/queries/oidc-accounts";
import type { OidcAccount } from "@/lib/db/schema";
import { openOptional, sealSecret } from "@/lib/crypto/instance-secrets";
import { OidcRefreshError, refreshOidcTokens } from "@/lib/auth/oidc-client";
import { log } from "@/lib/log";

export const OIDC_PROVIDER_ID = "oidc";
/** Tokens this close to expiry are refreshed before use (or within half their lifetime, when that is shorter). */
export const REFRESH_SKEW_MS = 60_000;

export type OidcTokenResult =
  | { status: "ok"; accessToken: string; expiresAt: Date | null; refreshed: boolean }
  /** The user never signed in through the identity provider. */
  | { status: "not_linked" }
  /** The token expired and cannot be refreshed (none stored, or the provider refused it): sign in again. */
  | { status: "needs_sign_in" }
  /** The provider could not be reached or answered oddly; try again later. */
  | { status: "unavailable"; message: string };

function isFresh(account: OidcAccount, now: Date): boolean {
  if (!account.expiresAt) return true;
  // updatedAt is when these tokens were stored. Capping the margin at half the lifetime keeps short-lived tokens
  // (say 30 seconds) from looking stale the moment they arrive, which would refresh them on every call.
  const lifetime = account.expiresAt.getTime() - account.updatedAt.getTime();
  const margin = Math.min(REFRESH_SKEW_MS, Math.max(0, lifetime / 2));
  return account.expiresAt.getTime() - now.getTime() > margin;
}

function usable(account: OidcAccount, refreshed: boolean): OidcTokenResult {
  const accessToken = openOptional(account.accessTokenEncrypted);
  if (!accessToken) return { status: "needs_sign_in" };
  return { status: "ok", accessToken, expiresAt: account.expiresAt, refreshed };
}

async function refreshLocked(q: Queryable, userId: string, now: Date): Promise<OidcTokenResult> {
  // Re-read under the lock: whoever held it before us may already have refreshed.
  const account = await getOidcAccountByUser(q, userId, OIDC_PROVIDER_ID);
  if (!account) return { status: "not_linked" };
  if (account.refreshFailedAt) return { status: "needs_sign_in" };
  if (isFresh(account, now)) return usable(account, false);
  const refreshToken = openOptional(account.refreshTokenEncrypted);
  if (!refreshToken) return { status: "needs_sign_in" };
  try {
    const tokens = await refreshOidcTokens(refreshToken, now);
    const patch = {
      accessTokenEncrypted: sealSecret(tokens.accessToken),
      // Providers that do not rotate refresh tokens return none: keep the one we have.
      ...(tokens.refreshToken ? { refreshTokenEncrypted: sealSecret(tokens.refreshToken) } : {}),
      tokenType: tokens.tokenType ?? account.tokenType,
      scope: tokens.scope ?? account.scope,
      expiresAt: tokens.expiresAt,
    };
    await updateOidcAccountTokens(q, account.id, patch);
    return { status: "ok", accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, refreshed: true };
  } catch (err) {
    if (err instanceof OidcRefreshError && err.invalidGrant) {
      await updateOidcAccountTokens(q, account.id, { refreshFailedAt: now });
      log.warn("identity provider refused a refresh token; the user must sign in again", { userId });
      return { status: "needs_sign_in" };
    }
    const message = err instanceof OidcRefreshError ? err.message : "The identity provider could not be reached.";
    log.warn("identity provider token refresh failed", { userId, error: message });
    return { status: "unavailable", message };
  }
}

export async function getUsableOidcAccessToken(
  handle: DbHandle,
  userId: string,
  now = new Date(),
): Promise<OidcTokenResult> {
  const account = await getOidcAccountByUser(handle.db, userId, OIDC_PROVIDER_ID);
  if (!account) return { status: "not_linked" };
  if (account.refreshFailedAt) return { status: "needs_sign_in" };
  if (isFresh(account, now)) return usable(account, false);
  return withLock(handle, `oidc-refresh:${userId}`, (q) => refreshLocked(q, userId, now));
}

/** What may be shown about the link (never the tokens). */
export async function describeOidcLink(handle: DbHandle, userId: string) {
  const result = await getUsableOidcAccessToken(handle, userId);
  const account = await getOidcAccountByUser(handle.db, userId, OIDC_PROVIDER_ID);
  return {
    linked: result.status !== "not_linked",
    status: result.status,
    /** True when this very call had to refresh the token at the provider. */
    refreshed: result.status === "ok" && result.refreshed,
    hasRefreshToken: Boolean(account?.refreshTokenEncrypted),
    expiresAt: account?.expiresAt?.toISOString() ?? null,
  };
}
