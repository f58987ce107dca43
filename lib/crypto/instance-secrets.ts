// This instance's own secrets (Auth.js secret, encryption key ring): from the environment, else generated once into the data dir.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { decryptSecret, encryptSecret, generateKeyEntry, parseKeyRing, type KeyRing } from "@/lib/crypto/secret-box";

interface StoredSecrets {
  authSecret: string;
  encryptionKeys: string;
}

export interface InstanceSecrets {
  authSecret: string;
  keyRing: KeyRing;
}

const FILE = "secrets.json";

function loadOrCreateStored(dataDir: string): StoredSecrets {
  const file = path.resolve(dataDir, FILE);
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<StoredSecrets>;
    if (typeof parsed.authSecret !== "string" || typeof parsed.encryptionKeys !== "string") {
      throw new Error(
        `${file} is incomplete; restore it from a backup or set AUTH_SECRET and SWITCHBOARD_ENCRYPTION_KEYS.`,
      );
    }
    return parsed as StoredSecrets;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const stored: StoredSecrets = {
    authSecret: randomBytes(32).toString("base64url"),
    encryptionKeys: generateKeyEntry(`k${Date.now().toString(36)}`),
  };
  writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  log.info("generated AUTH_SECRET and SWITCHBOARD_ENCRYPTION_KEYS on first start; set them explicitly in production", {
    file,
  });
  return stored;
}

/**
 * The key ring as configured, for tools that must not create anything: SWITCHBOARD_ENCRYPTION_KEYS, else the data
 * dir's generated file, else undefined (nothing can have been sealed yet).
 */
export function configuredKeyRing(): KeyRing | undefined {
  const e = env();
  if (e.SWITCHBOARD_ENCRYPTION_KEYS) return parseKeyRing(e.SWITCHBOARD_ENCRYPTION_KEYS);
  if (!existsSync(path.resolve(e.SWITCHBOARD_DATA_DIR, FILE))) return undefined;
  return parseKeyRing(loadOrCreateStored(e.SWITCHBOARD_DATA_DIR).encryptionKeys);
}

/** True when the key ring comes from the data dir's generated file rather than SWITCHBOARD_ENCRYPTION_KEYS. */
export function keyRingIsGenerated(): boolean {
  return !env().SWITCHBOARD_ENCRYPTION_KEYS;
}

/**
 * Puts a newly generated key at the front of the data dir's generated ring (older keys stay, so every stored value
 * still opens), for `keys:rotate --new-key`. Returns the new key id; the key itself is never printed.
 */
export function addGeneratedPrimaryKey(): string {
  const e = env();
  if (e.SWITCHBOARD_ENCRYPTION_KEYS) {
    throw new Error(
      "SWITCHBOARD_ENCRYPTION_KEYS is set: put the new key first in that variable instead of using --new-key.",
    );
  }
  const file = path.resolve(e.SWITCHBOARD_DATA_DIR, FILE);
  if (!existsSync(file))
    throw new Error(`${file} does not exist yet: start Switchboard once before rotating its keys.`);
  const stored = loadOrCreateStored(e.SWITCHBOARD_DATA_DIR);
  const ring = parseKeyRing(stored.encryptionKeys);
  let kid = `k${Date.now().toString(36)}`;
  while (ring.keys.has(kid)) kid += "x";
  const next: StoredSecrets = { ...stored, encryptionKeys: `${generateKeyEntry(kid)},${stored.encryptionKeys}` };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(next, null, 2) + "\n", { mode: 0o600 });
  renameSync(tmp, file);
  chmodSync(file, 0o600);
  cached = undefined;
  return kid;
}

let cached: InstanceSecrets | undefined;

export function instanceSecrets(): InstanceSecrets {
  if (cached) return cached;
  const e = env();
  let authSecret = e.AUTH_SECRET;
  let keys = e.SWITCHBOARD_ENCRYPTION_KEYS;
  if (!authSecret || !keys) {
    const stored = loadOrCreateStored(e.SWITCHBOARD_DATA_DIR);
    if (e.DATABASE_URL) {
      log.warn(
        "AUTH_SECRET or SWITCHBOARD_ENCRYPTION_KEYS is unset; using the data dir's copy, which other instances do not share",
      );
    }
    authSecret ??= stored.authSecret;
    keys ??= stored.encryptionKeys;
  }
  cached = { authSecret, keyRing: parseKeyRing(keys) };
  return cached;
}

export function sealSecret(plaintext: string): string {
  return encryptSecret(instanceSecrets().keyRing, plaintext);
}

export function openSecret(ciphertext: string): string {
  return decryptSecret(instanceSecrets().keyRing, ciphertext);
}

export function sealOptional(plaintext: string | null | undefined): string | null {
  return plaintext == null ? null : sealSecret(plaintext);
}

export function openOptional(ciphertext: string | null | undefined): string | null {
  return ciphertext == null ? null : openSecret(ciphertext);
}
