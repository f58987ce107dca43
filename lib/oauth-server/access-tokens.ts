// Access tokens: ES256 JWTs (RFC 9068 shape) for the MCP resource — signing, and verification before any database lookup.
import "server-only";
import { randomUUID } from "node:crypto";
import { SignJWT, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import type { DbHandle } from "@/lib/db/connect";
import { currentSigningKey, verificationKey } from "@/lib/oauth-server/signing-keys";
import {
  ACCESS_TOKEN_ALG,
  ACCESS_TOKEN_TTL_S,
  ACCESS_TOKEN_TYP,
  formatScope,
  issuer,
  mcpResourceUrl,
  parseScope,
} from "@/lib/oauth-server/config";

export interface AccessTokenClaims {
  userId: string;
  clientId: string;
  scopes: string[];
  /** The grant (refresh-token family) the token belongs to: revoking it ends the token too. */
  grantId: string;
  jti: string;
  expiresAt: number;
  audience: string;
}

export async function signAccessToken(
  handle: DbHandle,
  input: { userId: string; clientId: string; scopes: string[]; grantId: string; resource?: string },
  now = Date.now(),
): Promise<{ token: string; expiresIn: number }> {
  const { kid, key } = await currentSigningKey(handle, now);
  const iat = Math.floor(now / 1000);
  const token = await new SignJWT({ client_id: input.clientId, scope: formatScope(input.scopes), sid: input.grantId })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid, typ: ACCESS_TOKEN_TYP })
    .setIssuer(issuer())
    .setSubject(input.userId)
    .setAudience(input.resource ?? mcpResourceUrl())
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_S)
    .setJti(randomUUID())
    .sign(key);
  return { token, expiresIn: ACCESS_TOKEN_TTL_S };
}

export class InvalidAccessTokenError extends Error {
  override name = "InvalidAccessTokenError";
}

/** Cheap shape test so a personal access token or garbage is never parsed as a JWT. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

function claimsFrom(payload: JWTPayload): AccessTokenClaims {
  const { sub, client_id, scope, sid, jti, exp, aud } = payload as JWTPayload & Record<string, unknown>;
  if (
    typeof sub !== "string" ||
    typeof client_id !== "string" ||
    typeof sid !== "string" ||
    typeof jti !== "string" ||
    typeof exp !== "number"
  ) {
    throw new InvalidAccessTokenError("The access token lacks required claims.");
  }
  return {
    userId: sub,
    clientId: client_id,
    scopes: parseScope(typeof scope === "string" ? scope : ""),
    grantId: sid,
    jti,
    expiresAt: exp,
    audience: Array.isArray(aud) ? String(aud[0]) : String(aud),
  };
}

/**
 * Verifies one of our access tokens cryptographically and by its claims. Only ES256 with one of our published
 * keys is accepted (so `alg: none` and HMAC forgeries fail), `typ` must be at+jwt, and iss/aud/exp must match.
 * `options.audience` false skips the audience and expiry checks (revocation accepts any of our tokens).
 */
export async function verifyAccessTokenJwt(
  handle: DbHandle,
  token: string,
  options: { now?: number; forRevocation?: boolean } = {},
): Promise<AccessTokenClaims> {
  const now = options.now ?? Date.now();
  if (!looksLikeJwt(token)) throw new InvalidAccessTokenError("The access token is malformed.");
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new InvalidAccessTokenError("The access token is malformed.");
  }
  if (header.alg !== ACCESS_TOKEN_ALG || typeof header.kid !== "string") {
    throw new InvalidAccessTokenError("The access token is not signed by this server.");
  }
  const key = await verificationKey(handle, header.kid, now);
  if (!key) throw new InvalidAccessTokenError("The access token is not signed by a current key of this server.");
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [ACCESS_TOKEN_ALG],
      typ: ACCESS_TOKEN_TYP,
      issuer: issuer(),
      ...(options.forRevocation ? {} : { audience: mcpResourceUrl() }),
      currentDate: options.forRevocation ? new Date(0) : new Date(now),
      requiredClaims: ["sub", "exp", "iat", "jti"],
      clockTolerance: options.forRevocation ? undefined : 5,
    });
    return claimsFrom(payload);
  } catch (err) {
    if (err instanceof InvalidAccessTokenError) throw err;
    if (err instanceof joseErrors.JWTExpired) throw new InvalidAccessTokenError("The access token has expired.");
    if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === "aud") {
      throw new InvalidAccessTokenError("The access token was not issued for this resource.");
    }
    throw new InvalidAccessTokenError("The access token is invalid.");
  }
}
