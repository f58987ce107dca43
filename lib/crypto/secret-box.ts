// Secrets at rest: AES-256-GCM under a key ring; each ciphertext names the key that sealed it, so keys can rotate.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface KeyRing {
  /** Key id used for every new ciphertext. */
  primary: string;
  keys: ReadonlyMap<string, Buffer>;
}

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

/** Parses "kid:base64key,kid2:base64key" (first entry is primary). Messages never include key material. */
export function parseKeyRing(spec: string): KeyRing {
  const keys = new Map<string, Buffer>();
  let primary: string | undefined;
  for (const raw of spec.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const sep = entry.indexOf(":");
    if (sep <= 0) throw new SecretBoxError("Each encryption key must look like kid:base64key.");
    const kid = entry.slice(0, sep);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(kid)) throw new SecretBoxError(`Encryption key id "${kid}" is not valid.`);
    const key = Buffer.from(entry.slice(sep + 1), "base64");
    if (key.length !== 32) throw new SecretBoxError(`Encryption key "${kid}" must decode to 32 bytes.`);
    if (keys.has(kid)) throw new SecretBoxError(`Encryption key id "${kid}" appears twice.`);
    keys.set(kid, key);
    primary ??= kid;
  }
  if (!primary) throw new SecretBoxError("At least one encryption key is required.");
  return { primary, keys };
}

export function generateKeyEntry(kid: string): string {
  return `${kid}:${randomBytes(32).toString("base64")}`;
}

export function encryptSecret(ring: KeyRing, plaintext: string): string {
  const key = ring.keys.get(ring.primary)!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const sealed = Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
  return `${VERSION}.${ring.primary}.${sealed}`;
}

export function keyIdOf(ciphertext: string): string {
  const [version, kid] = ciphertext.split(".", 3);
  if (version !== VERSION || !kid) throw new SecretBoxError("Not a sealed secret.");
  return kid;
}

export function decryptSecret(ring: KeyRing, ciphertext: string): string {
  const parts = ciphertext.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) throw new SecretBoxError("Not a sealed secret.");
  const [, kid, sealed] = parts as [string, string, string];
  const key = ring.keys.get(kid);
  if (!key) throw new SecretBoxError(`No encryption key "${kid}" in the key ring; was it removed before rotation?`);
  const raw = Buffer.from(sealed, "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError("Sealed secret is truncated.");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new SecretBoxError("Sealed secret failed authentication (tampered, or sealed with another key).");
  }
}

/** True when the ciphertext was sealed with a key other than the primary one. */
export function needsRotation(ring: KeyRing, ciphertext: string): boolean {
  return keyIdOf(ciphertext) !== ring.primary;
}
