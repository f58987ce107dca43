// Password hashing with scrypt (memory-hard); verifying an unknown user costs the same as a known one.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

const params = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LEN = 32;
const MAXMEM = 128 * params.N * params.r * 2;

function scrypt(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, KEY_LEN, { ...opts, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash. With no hash (unknown user, or an OIDC-only account) it still
 * runs the KDF against a dummy hash, so the answer's timing does not reveal whether the account exists.
 */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword("switchboard-dummy-password");
    await verifyPassword(password, await dummyHash);
    return false;
  }
  const [scheme, n, r, p, salt, expected] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !expected) return false;
  const key = await scrypt(password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
  const want = Buffer.from(expected, "base64url");
  return want.length === key.length && timingSafeEqual(want, key);
}
