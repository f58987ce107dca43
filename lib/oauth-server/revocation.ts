// Token revocation (RFC 7009): a client ends its own grant by presenting its refresh or access token; always 200.
import "server-only";
import type { DbHandle } from "@/lib/db/connect";
import { getRefreshTokenWithGrantByHash } from "@/lib/db/queries/oauth-refresh-tokens";
import { getOAuthGrantWithUserAndClient } from "@/lib/db/queries/oauth-grants";
import { sha256Hex } from "@/lib/crypto/hash";
import { clientIp } from "@/lib/audit/record";
import { authenticateClient } from "@/lib/oauth-server/clients";
import { looksLikeJwt, verifyAccessTokenJwt } from "@/lib/oauth-server/access-tokens";
import { revokeGrant, REFRESH_TOKEN_PREFIX } from "@/lib/oauth-server/grants";
import { oauthError, readForm } from "@/lib/oauth-server/oauth-errors";

/** The grant a presented token belongs to, if it is one of ours and was issued to this client. */
async function grantOf(handle: DbHandle, token: string, oauthClientId: string): Promise<string | undefined> {
  if (token.startsWith(REFRESH_TOKEN_PREFIX)) {
    const found = await getRefreshTokenWithGrantByHash(handle.db, sha256Hex(token));
    return found && found.client.id === oauthClientId ? found.grant.id : undefined;
  }
  if (!looksLikeJwt(token)) return undefined;
  try {
    const claims = await verifyAccessTokenJwt(handle, token, { forRevocation: true });
    const found = await getOAuthGrantWithUserAndClient(handle.db, claims.grantId);
    return found && found.client.id === oauthClientId ? found.grant.id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Revokes the grant behind the token — for a refresh token its whole family, and for an access token the grant it
 * came from (RFC 7009 §2.1 allows revoking related tokens). Unknown, foreign or already revoked tokens change
 * nothing and still succeed, so the endpoint reveals nothing about tokens.
 */
export async function handleRevocationRequest(handle: DbHandle, req: Request): Promise<void> {
  const form = await readForm(req);
  const client = await authenticateClient(handle.db, req.headers, form);
  const token = form.get("token");
  if (!token) throw oauthError("invalid_request", "token is required.");
  const grantId = await grantOf(handle, token, client.id);
  if (!grantId) return;
  await revokeGrant(handle.db, grantId, "client", {
    kind: "oauth.token_revoked",
    via: client.clientId,
    clientId: client.clientId,
    ip: clientIp(req.headers),
  });
}
