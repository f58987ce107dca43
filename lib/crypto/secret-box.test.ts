import { describe, expect, it } from "vitest";
import {
  decryptSecret,
  encryptSecret,
  generateKeyEntry,
  keyIdOf,
  needsRotation,
  parseKeyRing,
  SecretBoxError,
} from "@/lib/crypto/secret-box";

const k1 = generateKeyEntry("k1");
const k2 = generateKeyEntry("k2");

describe("secret box", () => {
  it("round-trips unicode and empty strings, with a fresh IV each time", () => {
    const ring = parseKeyRing(k1);
    for (const text of ["", "hunter2", "clé 🔑 секрет"]) {
      const a = encryptSecret(ring, text);
      const b = encryptSecret(ring, text);
      expect(a).not.toBe(b);
      expect(a).not.toContain(text || "\u0000");
      expect(decryptSecret(ring, a)).toBe(text);
    }
  });

  it("records the sealing key id", () => {
    const ring = parseKeyRing(`${k2},${k1}`);
    expect(keyIdOf(encryptSecret(ring, "x"))).toBe("k2");
  });

  it("detects tampering", () => {
    const ring = parseKeyRing(k1);
    const sealed = encryptSecret(ring, "top secret");
    const [v, kid, body] = sealed.split(".") as [string, string, string];
    const bytes = Buffer.from(body, "base64url");
    bytes[14] = bytes[14]! ^ 1;
    expect(() => decryptSecret(ring, `${v}.${kid}.${bytes.toString("base64url")}`)).toThrow(SecretBoxError);
    expect(() => decryptSecret(ring, `${v}.${kid}.${body.slice(0, 10)}`)).toThrow(SecretBoxError);
  });

  it("refuses a ciphertext sealed by a different key under the same id", () => {
    const sealed = encryptSecret(parseKeyRing(k1), "x");
    const impostor = parseKeyRing(generateKeyEntry("k1"));
    expect(() => decryptSecret(impostor, sealed)).toThrow(/failed authentication/);
  });

  it("names a missing key id without leaking key material", () => {
    const sealed = encryptSecret(parseKeyRing(k1), "x");
    const err = (() => {
      try {
        decryptSecret(parseKeyRing(k2), sealed);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/No encryption key "k1"/);
    expect(err?.message).not.toContain(k1.split(":")[1]);
  });

  it("rotates: old ciphertexts still open after a new primary is added, and are flagged for re-sealing", () => {
    const before = parseKeyRing(k1);
    const old = encryptSecret(before, "rotate me");
    const after = parseKeyRing(`${k2},${k1}`);
    expect(needsRotation(after, old)).toBe(true);
    const resealed = encryptSecret(after, decryptSecret(after, old));
    expect(needsRotation(after, resealed)).toBe(false);
    expect(decryptSecret(parseKeyRing(k2), resealed)).toBe("rotate me");
  });

  it("validates key ring specs", () => {
    expect(() => parseKeyRing("")).toThrow(/At least one/);
    expect(() => parseKeyRing("k1:" + Buffer.alloc(16).toString("base64"))).toThrow(/32 bytes/);
    expect(() => parseKeyRing(`${k1},${k1}`)).toThrow(/twice/);
    expect(() => parseKeyRing("nocolon")).toThrow(/kid:base64key/);
  });
});
