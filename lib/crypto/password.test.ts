import { describe, expect, it, vi } from "vitest";

// Count KDF runs: the point of the dummy hash is that unknown accounts cost the same scrypt work as known ones.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, scrypt: vi.fn(actual.scrypt) };
});

const crypto = await import("node:crypto");
const { hashPassword, verifyPassword } = await import("@/lib/crypto/password");
const scrypt = vi.mocked(crypto.scrypt);

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct horsf", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("runs the same memory-hard KDF when there is no stored hash", async () => {
    await verifyPassword("warm-up", null); // builds the dummy hash once
    const known = await hashPassword("pw");
    scrypt.mockClear();
    await verifyPassword("pw-wrong", known);
    expect(scrypt).toHaveBeenCalledTimes(1);
    const withHash = scrypt.mock.calls[0]![3];
    scrypt.mockClear();
    expect(await verifyPassword("pw-wrong", null)).toBe(false);
    expect(scrypt).toHaveBeenCalledTimes(1);
    expect(scrypt.mock.calls[0]![3]).toEqual(withHash);
    expect(withHash).toMatchObject({ N: 32768, r: 8, p: 1 });
  });

  it("rejects malformed stored hashes", async () => {
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
  });
});
