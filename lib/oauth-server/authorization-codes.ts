// Authorization codes: issued after consent (single use, 60 s, hashed, bound to the request) and exchanged; a replay revokes its grant.
import "server-only";
import { createHash } from "node:crypto";
import type { DbHandle, Queryable } from "@/lib/db/connect";
import {
  claimAuthorizationCode,
  getAuthorizationCodeByHash,
  insertAuthorizationCode,
  setAuthorizationCodeGrant,
} from "@/lib/db/queries/oauth-authorization-codes";
import { insertOAuthGrant } from "@/lib/db/queries/oauth-grants";
import { insertRefreshToken } from "@/lib/db/queries/oauth-refresh-tokens";
import { getUserById } from "@/lib/db/queries/users";
import type { OAuthClient, OAuthGrant, User } from "@/lib/db/schema";
import { randomToken, safeEqual, sha256Hex } from "@/lib/crypto/hash";
import { OAuthProtocolError, oauthError } from "@/lib/oauth-server/oauth-errors";
import { mintTokenPair, newGrantId, revokeGrant, type TokenResponse } from "@/lib/oauth-server/grants";
import { AUTHORIZATION_CODE_TTL_S, isOurResource, mcpResourceUrl, parseScope } from "@/lib/oauth-server/config";
import type { AuthorizationRequest } from "@/lib/oauth-server/authorization-request";

export const CODE_PREFIX = "sb_code_";
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export async function issueAuthorizationCode(
  db: Queryable,
  request: Pick<
    AuthorizationRequest,
    "client" | "redirectUri" | "redirectUriGiven" | "codeChallenge" | "scopes" | "resource"
  >,
  userId: string,
  now = new Date(),
): Promise<string> {
  const code = randomToken(CODE_PREFIX, 32);
  await insertAuthorizationCode(db, {
    codeHash: sha256Hex(code),
    oauthClientId: request.client.id,
    userId,
    redirectUri: request.redirectUri,
    redirectUriGiven: request.redirectUriGiven,
    codeChallenge: request.codeChallenge,
    scope: request.scopes.join(" "),
    resource: request.resource,
    expiresAt: new Date(now.getTime() + AUTHORIZATION_CODE_TTL_S * 1000),
  });
  return code;
}

export function s256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

class CodeReplayed extends Error {}

export interface IssuedTokens {
  response: TokenResponse;
  grant: OAuthGrant;
  user: User;
}

/** The authorization_code grant (RFC 6749 §4.1.3 + PKCE + RFC 8707). */
export async function exchangeAuthorizationCode(
  handle: DbHandle,
  client: OAuthClient,
  form: Map<string, string>,
  meta: { ip: string | null },
  now = new Date(),
): Promise<IssuedTokens> {
  const code = form.get("code");
  if (!code) throw oauthError("invalid_request", "code is required.");
  const verifier = form.get("code_verifier");
  if (!verifier) throw oauthError("invalid_request", "code_verifier is required (PKCE).");
  const invalid = (why: string) => new OAuthProtocolError("invalid_grant", why);

  const row = await getAuthorizationCodeByHash(handle.db, sha256Hex(code));
  if (!row) throw invalid("The authorization code is invalid.");
  const replayed = async () => {
    // RFC 6749 §4.1.2: a code used twice revokes every token issued from it.
    const fresh = await getAuthorizationCodeByHash(handle.db, row.codeHash);
    if (fresh?.grantId) {
      await revokeGrant(
        handle.db,
        fresh.grantId,
        "code_reuse",
        { kind: "oauth.code_reuse_detected", clientId: client.clientId, ip: meta.ip },
        now,
      );
    }
    return invalid("The authorization code was already used; tokens issued from it have been revoked.");
  };
  if (row.usedAt) throw await replayed();
  if (row.oauthClientId !== client.id) throw invalid("The authorization code was issued to another client.");
  if (row.expiresAt <= now) throw invalid("The authorization code has expired.");
  const redirectUri = form.get("redirect_uri");
  if (row.redirectUriGiven && redirectUri === undefined)
    throw invalid("redirect_uri is required: the authorization request named one.");
  if (redirectUri !== undefined && redirectUri !== row.redirectUri)
    throw invalid("redirect_uri does not match the authorization request.");
  if (!VERIFIER.test(verifier) || !safeEqual(s256(verifier), row.codeChallenge))
    throw invalid("The code_verifier does not match the code_challenge.");
  const resource = form.get("resource");
  if (resource !== undefined && !isOurResource(resource)) {
    throw new OAuthProtocolError("invalid_target", `This server issues tokens only for ${mcpResourceUrl()}.`);
  }
  const user = await getUserById(handle.db, row.userId);
  if (!user || user.disabled) throw invalid("The user who approved this authorization can no longer sign in.");

  const grantId = newGrantId();
  const scopes = parseScope(row.scope);
  const minted = await mintTokenPair(
    handle,
    { grantId, userId: user.id, client, scopes, resource: row.resource },
    now.getTime(),
  );
  let grant: OAuthGrant;
  try {
    grant = await handle.db.transaction(async (tx) => {
      if (!(await claimAuthorizationCode(tx, row.id, now))) throw new CodeReplayed();
      // The id was drawn before signing, because the access token carries it.
      const g = await insertOAuthGrant(tx, {
        id: grantId,
        oauthClientId: client.id,
        userId: user.id,
        scope: row.scope,
        resource: row.resource,
      });
      if (minted.refreshRow) await insertRefreshToken(tx, minted.refreshRow);
      await setAuthorizationCodeGrant(tx, row.id, grantId);
      return g;
    });
  } catch (err) {
    if (err instanceof CodeReplayed) throw await replayed();
    throw err;
  }
  return { response: minted.response, grant, user };
}
