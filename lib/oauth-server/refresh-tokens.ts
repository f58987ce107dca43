// The refresh_token grant: rotation on every use, a 30 s grace that replays the same pair, reuse after it revokes the family.
import "server-only";
import type { DbHandle } from "@/lib/db/connect";
import { withLock } from "@/lib/db/lock";
import { touchOAuthGrant } from "@/lib/db/queries/oauth-grants";
import {
  clearSuccessorResponses,
  getRefreshTokenWithGrantByHash,
  insertRefreshToken,
  markRefreshTokenRotated,
} from "@/lib/db/queries/oauth-refresh-tokens";
import { getUserById } from "@/lib/db/queries/users";
import type { OAuthClient } from "@/lib/db/schema";
import { sha256Hex } from "@/lib/crypto/hash";
import { openSecret, sealSecret } from "@/lib/crypto/instance-secrets";
import { OAuthProtocolError, oauthError } from "@/lib/oauth-server/oauth-errors";
import { clientMayRefresh, mintTokenPair, revokeGrant, type TokenResponse } from "@/lib/oauth-server/grants";
import type { IssuedTokens } from "@/lib/oauth-server/authorization-codes";
import { REFRESH_GRACE_S, isOurResource, mcpResourceUrl, parseScope } from "@/lib/oauth-server/config";

class ReuseDetected extends Error {}

export async function refreshTokens(
  handle: DbHandle,
  client: OAuthClient,
  form: Map<string, string>,
  meta: { ip: string | null },
  now = new Date(),
): Promise<IssuedTokens & { replayed: boolean }> {
  const presented = form.get("refresh_token");
  if (!presented) throw oauthError("invalid_request", "refresh_token is required.");
  if (!clientMayRefresh(client))
    throw new OAuthProtocolError("unauthorized_client", "This client did not register the refresh_token grant.");
  const invalid = (why: string) => new OAuthProtocolError("invalid_grant", why);
  const hash = sha256Hex(presented);

  const found = await getRefreshTokenWithGrantByHash(handle.db, hash);
  // Tokens of another client are answered like unknown ones, so a stolen token cannot be probed with another id.
  if (!found || found.client.id !== client.id) throw invalid("The refresh token is invalid.");
  const resource = form.get("resource");
  if (resource !== undefined && !isOurResource(resource)) {
    throw new OAuthProtocolError("invalid_target", `This server issues tokens only for ${mcpResourceUrl()}.`);
  }
  const granted = parseScope(found.grant.scope);
  const asked = form.has("scope") ? parseScope(form.get("scope")) : granted;
  if (asked.length === 0 || asked.some((s) => !granted.includes(s))) {
    throw new OAuthProtocolError("invalid_scope", "A refresh may only ask for scopes the grant already has.");
  }
  const user = await getUserById(handle.db, found.grant.userId);
  if (!user || user.disabled) throw invalid("The user behind this grant can no longer sign in.");

  // Signed before taking the lock: signing may create a key, and PGlite allows no query beside an open transaction.
  const minted = await mintTokenPair(
    handle,
    { grantId: found.grant.id, userId: user.id, client, scopes: asked, resource: found.grant.resource },
    now.getTime(),
  );

  try {
    return await withLock(handle, `oauth:grant:${found.grant.id}`, async (q) => {
      const current = await getRefreshTokenWithGrantByHash(q, hash);
      if (!current || current.grant.revokedAt) throw invalid("The refresh token has been revoked.");
      const { token, grant } = current;
      if (token.rotatedAt) {
        const age = now.getTime() - token.rotatedAt.getTime();
        if (age <= REFRESH_GRACE_S * 1000 && token.successorResponseEncrypted) {
          const response = JSON.parse(openSecret(token.successorResponseEncrypted)) as TokenResponse;
          return { response, grant, user, replayed: true };
        }
        throw new ReuseDetected();
      }
      if (token.expiresAt <= now) throw invalid("The refresh token has expired.");
      await q.transaction(async (tx) => {
        if (minted.refreshRow) await insertRefreshToken(tx, minted.refreshRow);
        const marked = await markRefreshTokenRotated(tx, token.id, now, sealSecret(JSON.stringify(minted.response)));
        if (!marked) throw new Error("refresh token rotated concurrently despite the lock");
        await clearSuccessorResponses(tx, grant.id, token.id);
        await touchOAuthGrant(tx, grant.id, now);
      });
      return { response: minted.response, grant, user, replayed: false };
    });
  } catch (err) {
    if (!(err instanceof ReuseDetected)) throw err;
    await revokeGrant(
      handle.db,
      found.grant.id,
      "refresh_reuse",
      {
        kind: "oauth.refresh_reuse_detected",
        actorId: user.id,
        actorLabel: user.email,
        clientId: client.clientId,
        ip: meta.ip,
      },
      now,
    );
    throw invalid("The refresh token was already used; this authorization has been revoked. Sign in again.");
  }
}
