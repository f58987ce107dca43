// Grants (refresh-token families): minting the token pair a grant hands out, and revoking a grant with an audit record.
import "server-only";
import { randomUUID } from "node:crypto";
import type { DbHandle, Queryable } from "@/lib/db/connect";
import { revokeOAuthGrant } from "@/lib/db/queries/oauth-grants";
import type { OAuthClient, OAuthGrant } from "@/lib/db/schema";
import { randomToken, sha256Hex } from "@/lib/crypto/hash";
import { recordAudit } from "@/lib/audit/record";
import { signAccessToken } from "@/lib/oauth-server/access-tokens";
import { formatScope, REFRESH_TOKEN_TTL_S } from "@/lib/oauth-server/config";

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

export const REFRESH_TOKEN_PREFIX = "sb_rt_";

export function clientMayRefresh(client: Pick<OAuthClient, "grantTypes">): boolean {
  return client.grantTypes.includes("refresh_token");
}

export interface MintedPair {
  response: TokenResponse;
  /** Row to insert for the new refresh token (hash only), when the client may refresh. */
  refreshRow?: { grantId: string; tokenHash: string; expiresAt: Date };
}

/**
 * Signs an access token and draws a refresh token for a grant — no database writes, so callers can do this
 * before their transaction (PGlite transactions block every other query).
 */
export async function mintTokenPair(
  handle: DbHandle,
  input: { grantId: string; userId: string; client: OAuthClient; scopes: string[]; resource: string },
  now = Date.now(),
): Promise<MintedPair> {
  const access = await signAccessToken(
    handle,
    {
      userId: input.userId,
      clientId: input.client.clientId,
      scopes: input.scopes,
      grantId: input.grantId,
      resource: input.resource,
    },
    now,
  );
  const response: TokenResponse = {
    access_token: access.token,
    token_type: "Bearer",
    expires_in: access.expiresIn,
    scope: formatScope(input.scopes),
  };
  if (!clientMayRefresh(input.client)) return { response };
  const refresh = randomToken(REFRESH_TOKEN_PREFIX, 32);
  response.refresh_token = refresh;
  return {
    response,
    refreshRow: {
      grantId: input.grantId,
      tokenHash: sha256Hex(refresh),
      expiresAt: new Date(now + REFRESH_TOKEN_TTL_S * 1000),
    },
  };
}

export const newGrantId = () => randomUUID();

/** Revokes a grant (its refresh tokens and access tokens stop working at once) and audits it once. */
export async function revokeGrant(
  db: Queryable,
  grantId: string,
  reason: "user" | "client" | "code_reuse" | "refresh_reuse" | "user_disabled",
  audit: {
    kind: string;
    actorId?: string | null;
    actorLabel?: string | null;
    via?: string | null;
    ip?: string | null;
    clientId?: string;
  },
  now = new Date(),
): Promise<OAuthGrant | undefined> {
  const revoked = await revokeOAuthGrant(db, grantId, reason, now);
  if (revoked) {
    await recordAudit(
      {
        kind: audit.kind,
        actorId: audit.actorId ?? revoked.userId,
        actorLabel: audit.actorLabel ?? null,
        via: audit.via ?? audit.clientId ?? null,
        targetType: "oauth_grant",
        targetId: grantId,
        outcome: reason === "code_reuse" || reason === "refresh_reuse" ? "denied" : "ok",
        ip: audit.ip ?? null,
        details: { reason, ...(audit.clientId ? { clientId: audit.clientId } : {}) },
      },
      db,
    );
  }
  return revoked;
}
