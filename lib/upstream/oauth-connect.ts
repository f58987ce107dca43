// A user's Connect / callback / Disconnect for an oauth2 upstream: cookies, callback checks, exchange, storage, revocation.
import "server-only";
import { randomBytes } from "node:crypto";
import type { DbHandle } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import { deleteUserToken } from "@/lib/db/queries/mcp-server-user-tokens";
import { openOptional, openSecret, sealSecret } from "@/lib/crypto/instance-secrets";
import { safeEqual } from "@/lib/crypto/hash";
import { env } from "@/lib/env";
import { isUuid } from "@/lib/ids";
import { recordAudit } from "@/lib/audit/record";
import type { CookieSpec } from "@/lib/http/cookies";
import { callbackUrlFor } from "@/lib/upstream/oauth-client-urls";
import {
  buildAuthorizationUrl,
  exchangeCode,
  oauthClientConfig,
  revokeToken,
  TokenRequestError,
} from "@/lib/upstream/oauth-client";
import { storeConnection } from "@/lib/upstream/user-tokens";
import { log } from "@/lib/log";

export const STATE_COOKIE = "sb_oauth_state";
export const VERIFIER_COOKIE = "sb_oauth_verifier";
export const CONNECT_TTL_SECONDS = 600;

export interface AuditActor {
  actorId: string;
  actorLabel: string;
  via: string;
  ip?: string | null;
}

export const callbackPath = (serverId: string) => `/api/servers/${serverId}/oauth2/callback`;
export const connectPath = (serverId: string) => `/api/servers/${serverId}/oauth2/connect`;

function cookie(serverId: string, name: string, value: string, maxAgeSeconds: number): CookieSpec {
  return {
    name,
    value,
    path: callbackPath(serverId),
    maxAgeSeconds,
    secure: env().SWITCHBOARD_URL.startsWith("https:"),
  };
}

/**
 * The two cookies, expired (answered by every callback, whatever its outcome). None for a segment that is not a
 * server id: no cookie was ever scoped to it, and a raw segment such as "x; Domain=…" would shape the header.
 */
export const clearedConnectCookies = (serverId: string) =>
  isUuid(serverId) ? [cookie(serverId, STATE_COOKIE, "", 0), cookie(serverId, VERIFIER_COOKIE, "", 0)] : [];

interface VerifierPayload {
  /** PKCE code verifier. */
  v: string;
  /** The state it belongs to, the user who started, the server, and when it stops being valid (ms). */
  st: string;
  u: string;
  s: string;
  exp: number;
}

export class ConnectError extends Error {
  override name = "ConnectError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Starts a connection: where to send the popup, and the cookies to set on the way. */
export async function beginConnect(
  server: McpServer,
  user: Pick<User, "id">,
  now = new Date(),
): Promise<{ redirectTo: string; cookies: CookieSpec[] }> {
  if (server.authType !== "oauth2")
    throw new ConnectError(400, `${server.displayName} does not use OAuth; there is nothing to connect.`);
  const config = oauthClientConfig(server);
  if (!config)
    throw new ConnectError(
      400,
      `${server.displayName} has no OAuth client configured yet; ask an admin to finish its set-up.`,
    );
  const state = randomBytes(32).toString("base64url");
  const { url, codeVerifier } = await buildAuthorizationUrl(config, callbackUrlFor(server.id), state);
  const payload: VerifierPayload = {
    v: codeVerifier,
    st: state,
    u: user.id,
    s: server.id,
    exp: now.getTime() + CONNECT_TTL_SECONDS * 1000,
  };
  return {
    redirectTo: url.toString(),
    cookies: [
      cookie(server.id, STATE_COOKIE, state, CONNECT_TTL_SECONDS),
      cookie(server.id, VERIFIER_COOKIE, sealSecret(JSON.stringify(payload)), CONNECT_TTL_SECONDS),
    ],
  };
}

export type CallbackOutcome =
  | { ok: true }
  | {
      ok: false;
      status: number;
      /** Readable, secret-free; shown in the popup. */
      message: string;
      /** For the audit log. */
      reason:
        | "provider_error"
        | "state_mismatch"
        | "missing_verifier"
        | "wrong_user"
        | "expired"
        | "iss_mismatch"
        | "missing_code"
        | "exchange_failed";
    };

function openVerifier(raw: string | undefined): VerifierPayload | undefined {
  if (!raw) return undefined;
  try {
    return JSON.parse(openSecret(raw)) as VerifierPayload;
  } catch {
    return undefined;
  }
}

function checkCallback(
  server: McpServer,
  user: Pick<User, "id">,
  params: URLSearchParams,
  cookies: Record<string, string>,
  now: Date,
): CallbackOutcome & { verifier?: string } {
  const state = params.get("state") ?? "";
  const expected = cookies[STATE_COOKIE] ?? "";
  if (!state || !expected || !safeEqual(state, expected)) {
    return {
      ok: false,
      status: 400,
      reason: "state_mismatch",
      message:
        "This sign-in response does not belong to a sign-in started here (missing or mismatched state). Start again from Switchboard.",
    };
  }
  const providerError = params.get("error");
  if (providerError) {
    const description = (params.get("error_description") ?? "").slice(0, 300);
    return {
      ok: false,
      status: 400,
      reason: "provider_error",
      message: description
        ? `${description} (${providerError.slice(0, 64)})`
        : `The authorization server answered: ${providerError.slice(0, 64)}.`,
    };
  }
  const verifier = openVerifier(cookies[VERIFIER_COOKIE]);
  if (!verifier || !safeEqual(verifier.st, state) || verifier.s !== server.id) {
    return {
      ok: false,
      status: 400,
      reason: "missing_verifier",
      message: "The sign-in's PKCE verifier is missing or does not match. Start again from Switchboard.",
    };
  }
  if (verifier.u !== user.id)
    return {
      ok: false,
      status: 400,
      reason: "wrong_user",
      message: "This sign-in was started by another Switchboard account. Start again from Switchboard.",
    };
  if (verifier.exp < now.getTime())
    return {
      ok: false,
      status: 400,
      reason: "expired",
      message: "This sign-in took too long and expired. Start again.",
    };
  // RFC 9207: a returned issuer must be the one we recorded; one that advertises `iss` must send it.
  const iss = params.get("iss");
  if (
    server.oauth2Issuer &&
    ((iss !== null && iss !== server.oauth2Issuer) || (iss === null && server.oauth2IssParameterSupported))
  ) {
    return {
      ok: false,
      status: 400,
      reason: "iss_mismatch",
      message:
        "The response came from a different authorization server than the one configured (issuer mismatch). Nothing was stored.",
    };
  }
  if (!params.get("code"))
    return {
      ok: false,
      status: 400,
      reason: "missing_code",
      message: "The authorization server sent no authorization code. Start again.",
    };
  return { ok: true, verifier: verifier.v };
}

/** Handles the callback; stores tokens only when every check passed and the exchange succeeded. */
export async function completeConnect(
  handle: DbHandle,
  actor: AuditActor,
  user: Pick<User, "id">,
  server: McpServer,
  params: URLSearchParams,
  cookies: Record<string, string>,
  now = new Date(),
): Promise<CallbackOutcome> {
  const audit = (outcome: CallbackOutcome) =>
    recordAudit(
      {
        kind: outcome.ok ? "connection.connected" : "connection.failed",
        ...actor,
        targetType: "mcp_server",
        targetId: server.id,
        serverId: server.id,
        outcome: outcome.ok ? "ok" : "failure",
        details: outcome.ok ? {} : { reason: outcome.reason },
      },
      handle.db,
    );
  const checked = checkCallback(server, user, params, cookies, now);
  const config = oauthClientConfig(server);
  let outcome: CallbackOutcome;
  if (!checked.ok) outcome = checked;
  else if (!config)
    outcome = {
      ok: false,
      status: 400,
      reason: "exchange_failed",
      message: "This server has no OAuth client configured any more.",
    };
  else {
    try {
      const tokens = await exchangeCode(config, params.get("code")!, checked.verifier!, callbackUrlFor(server.id));
      await storeConnection(handle.db, server.id, user.id, tokens, now);
      outcome = { ok: true };
    } catch (err) {
      if (!(err instanceof TokenRequestError))
        log.error("oauth code exchange failed unexpectedly", {
          serverId: server.id,
          error: err instanceof Error ? err.name : "unknown",
        });
      const message =
        err instanceof TokenRequestError
          ? `${err.message} Try connecting again.`
          : "The token exchange failed. Try connecting again.";
      outcome = { ok: false, status: 502, reason: "exchange_failed", message };
    }
  }
  await audit(outcome);
  return outcome;
}

/** Removes the user's connection (idempotent) and revokes its tokens at the authorization server when it can. */
export async function disconnect(
  handle: DbHandle,
  actor: AuditActor,
  userId: string,
  server: McpServer,
): Promise<{ removed: boolean; revoked: boolean }> {
  const row = await deleteUserToken(handle.db, server.id, userId);
  let revoked = false;
  const config = oauthClientConfig(server);
  if (row && config && server.oauth2RevocationUrl) {
    const refresh = openOptional(row.refreshTokenEncrypted);
    revoked = refresh
      ? await revokeToken(config, server.oauth2RevocationUrl, refresh, "refresh_token")
      : await revokeToken(config, server.oauth2RevocationUrl, openSecret(row.accessTokenEncrypted), "access_token");
  }
  if (row) {
    await recordAudit(
      {
        kind: "connection.disconnected",
        ...actor,
        targetType: "mcp_server",
        targetId: server.id,
        serverId: server.id,
        details: { revoked },
      },
      handle.db,
    );
  }
  return { removed: Boolean(row), revoked };
}
