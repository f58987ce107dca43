// Access-token signing keys: ES256 pairs in the database (private half sealed), shared by instances, rotated by age, published as JWKS.
import "server-only";
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import type { DbHandle } from "@/lib/db/connect";
import { withLock } from "@/lib/db/lock";
import {
  deleteOAuthSigningKeysBefore,
  insertOAuthSigningKey,
  listOAuthSigningKeysSince,
} from "@/lib/db/queries/oauth-signing-keys";
import type { OAuthSigningKey } from "@/lib/db/schema";
import { openSecret, sealSecret } from "@/lib/crypto/instance-secrets";
import { ACCESS_TOKEN_ALG, ACCESS_TOKEN_TTL_S } from "@/lib/oauth-server/config";

/** A key signs new tokens for this long, then a newer key takes over. */
export const KEY_ROTATE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;
/** A retired key keeps verifying (and stays in the JWKS) this long: far beyond the longest access-token lifetime. */
export const KEY_RETIRED_KEPT_MS = 24 * 60 * 60 * 1000 + ACCESS_TOKEN_TTL_S * 1000;
/** Re-read keys from the database at most this often (another instance may have rotated). */
const CACHE_TTL_MS = 60_000;
/** An unknown kid triggers a reload, but not more often than this (forged kids must not hammer the database). */
const MISS_RELOAD_MS = 5_000;

interface Cache {
  loadedAt: number;
  keys: OAuthSigningKey[];
  verifyKeys: Map<string, CryptoKey>;
  signKeys: Map<string, CryptoKey>;
}

const caches = new WeakMap<DbHandle, Cache>();
const lastMissReload = new WeakMap<DbHandle, number>();

function publishedSince(now: number): Date {
  return new Date(now - KEY_ROTATE_AFTER_MS - KEY_RETIRED_KEPT_MS);
}

async function load(handle: DbHandle, now: number): Promise<Cache> {
  const keys = await listOAuthSigningKeysSince(handle.db, publishedSince(now));
  const cache: Cache = { loadedAt: now, keys, verifyKeys: new Map(), signKeys: new Map() };
  caches.set(handle, cache);
  return cache;
}

async function cached(handle: DbHandle, now: number): Promise<Cache> {
  const c = caches.get(handle);
  if (c && now - c.loadedAt < CACHE_TTL_MS) return c;
  return load(handle, now);
}

const isCurrent = (k: OAuthSigningKey, now: number) => now - k.createdAt.getTime() < KEY_ROTATE_AFTER_MS;

async function createKey(handle: DbHandle, now: number): Promise<OAuthSigningKey> {
  return withLock(handle, "oauth:signing-keys", async (q) => {
    // Another request or instance may have created one while we waited for the lock.
    const existing = (await listOAuthSigningKeysSince(q, publishedSince(now))).find((k) => isCurrent(k, now));
    if (existing) return existing;
    const { publicKey, privateKey } = await generateKeyPair(ACCESS_TOKEN_ALG, { extractable: true });
    const kid = `${new Date(now).toISOString().slice(0, 10)}-${randomBytes(6).toString("hex")}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ACCESS_TOKEN_ALG, use: "sig" };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ACCESS_TOKEN_ALG };
    const row = await insertOAuthSigningKey(q, {
      kid,
      alg: ACCESS_TOKEN_ALG,
      publicJwk,
      privateJwkEncrypted: sealSecret(JSON.stringify(privateJwk)),
      createdAt: new Date(now),
    });
    await deleteOAuthSigningKeysBefore(q, publishedSince(now));
    return row;
  });
}

/** The key new tokens are signed with (created, or rotated, on demand). */
export async function currentSigningKey(handle: DbHandle, now = Date.now()): Promise<{ kid: string; key: CryptoKey }> {
  let cache = await cached(handle, now);
  let row = cache.keys.find((k) => isCurrent(k, now));
  if (!row) {
    cache = await load(handle, now);
    row = cache.keys.find((k) => isCurrent(k, now));
  }
  if (!row) {
    row = await createKey(handle, now);
    cache = await load(handle, now);
  }
  let key = cache.signKeys.get(row.kid);
  if (!key) {
    key = (await importJWK(JSON.parse(openSecret(row.privateJwkEncrypted)) as JWK, ACCESS_TOKEN_ALG)) as CryptoKey;
    cache.signKeys.set(row.kid, key);
  }
  return { kid: row.kid, key };
}

/** The public key for a kid, if it is one of ours and still published; reloads once on a miss. */
export async function verificationKey(handle: DbHandle, kid: string, now = Date.now()): Promise<CryptoKey | undefined> {
  let cache = await cached(handle, now);
  let row = cache.keys.find((k) => k.kid === kid);
  if (!row && now - (lastMissReload.get(handle) ?? 0) > MISS_RELOAD_MS) {
    lastMissReload.set(handle, now);
    cache = await load(handle, now);
    row = cache.keys.find((k) => k.kid === kid);
  }
  if (!row || row.createdAt.getTime() <= publishedSince(now).getTime()) return undefined;
  let key = cache.verifyKeys.get(kid);
  if (!key) {
    key = (await importJWK(row.publicJwk as JWK, ACCESS_TOKEN_ALG)) as CryptoKey;
    cache.verifyKeys.set(kid, key);
  }
  return key;
}

/** The JWKS document: current and recently retired public keys (ensures a current key exists first). */
export async function publishedKeys(handle: DbHandle, now = Date.now()): Promise<{ keys: JWK[] }> {
  await currentSigningKey(handle, now);
  const cache = await cached(handle, now);
  return { keys: cache.keys.map((k) => k.publicJwk as JWK) };
}

/** Forgets cached keys (tests that move the clock or share a database between handles). */
export function clearSigningKeyCache(handle: DbHandle): void {
  caches.delete(handle);
  lastMissReload.delete(handle);
}
