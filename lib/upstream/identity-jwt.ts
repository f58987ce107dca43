// The X-Switchboard-Identity JWT (ES256, ≤ 60 s, aud = upstream URL): its database-held key, signing, and the JWKS.
import "server-only";
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type CryptoKey } from "jose";
import type { DbHandle } from "@/lib/db/connect";
import { withLock } from "@/lib/db/lock";
import {
  getActiveIdentitySigningKey,
  insertIdentitySigningKey,
  listIdentitySigningKeys,
} from "@/lib/db/queries/identity-signing-keys";
import type { IdentitySigningKey, User } from "@/lib/db/schema";
import { openSecret, sealSecret } from "@/lib/crypto/instance-secrets";
import { env } from "@/lib/env";

export const IDENTITY_TOKEN_TTL_S = 60;
const ALG = "ES256";

interface SigningKey {
  kid: string;
  key: CryptoKey;
}

// One active key per database handle, loaded once (a handle is one database; tests open several).
const cache = new WeakMap<DbHandle, Promise<SigningKey>>();

async function load(row: IdentitySigningKey): Promise<SigningKey> {
  const jwk = JSON.parse(openSecret(row.privateJwkEncrypted)) as JWK;
  return { kid: row.kid, key: (await importJWK(jwk, row.alg)) as CryptoKey };
}

async function createKey(handle: DbHandle): Promise<IdentitySigningKey> {
  // Serialised so that instances starting together agree on one key.
  return withLock(handle, "identity-signing-key", async (q) => {
    const existing = await getActiveIdentitySigningKey(q);
    if (existing) return existing;
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    const kid = `sb-id-${randomBytes(8).toString("hex")}`;
    return insertIdentitySigningKey(q, {
      kid,
      alg: ALG,
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: "sig" },
      privateJwkEncrypted: sealSecret(JSON.stringify(await exportJWK(privateKey))),
    });
  });
}

function signingKey(handle: DbHandle): Promise<SigningKey> {
  let pending = cache.get(handle);
  if (!pending) {
    pending = (async () => load((await getActiveIdentitySigningKey(handle.db)) ?? (await createKey(handle))))();
    pending.catch(() => cache.delete(handle));
    cache.set(handle, pending);
  }
  return pending;
}

/** A short-lived token naming the user, for one upstream (aud = its URL). */
export async function signIdentityToken(
  handle: DbHandle,
  user: Pick<User, "id" | "email" | "name">,
  audience: string,
  now = new Date(),
): Promise<string> {
  const { kid, key } = await signingKey(handle);
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ email: user.email, name: user.name })
    .setProtectedHeader({ alg: ALG, kid, typ: "JWT" })
    .setIssuer(env().SWITCHBOARD_URL)
    .setSubject(user.id)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + IDENTITY_TOKEN_TTL_S)
    .setJti(randomBytes(12).toString("base64url"))
    .sign(key);
}

/** The public keys (JWKS) upstreams use to verify X-Switchboard-Identity. */
export async function identityJwks(handle: DbHandle): Promise<{ keys: JWK[] }> {
  if (!(await getActiveIdentitySigningKey(handle.db))) await signingKey(handle);
  return { keys: (await listIdentitySigningKeys(handle.db)).map((k) => k.publicJwk as JWK) };
}
