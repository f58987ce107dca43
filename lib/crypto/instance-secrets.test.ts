import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateKeyEntry } from "@/lib/crypto/secret-box";

// lib/env and instance-secrets cache per module instance: each test loads fresh copies under its own environment.
const saved = { ...process.env };
let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-secrets-"));
  process.env.SWITCHBOARD_DATA_DIR = path.join(dataDir, "data");
  delete process.env.AUTH_SECRET;
  delete process.env.SWITCHBOARD_ENCRYPTION_KEYS;
  process.env.LOG_LEVEL = "info";
  vi.resetModules();
});
afterEach(() => {
  process.env = { ...saved };
  vi.restoreAllMocks();
  rmSync(dataDir, { recursive: true, force: true });
});

const load = () => import("@/lib/crypto/instance-secrets");

describe("instance secrets", () => {
  it("generates AUTH_SECRET and a key ring on first start, owner-only, and says so in the log", async () => {
    const info = vi.spyOn(console, "log").mockImplementation(() => {});
    const { instanceSecrets, sealSecret, openSecret } = await load();
    const secrets = instanceSecrets();
    const file = path.join(dataDir, "data", "secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o077).toBe(0);
    const stored = JSON.parse(readFileSync(file, "utf8")) as { authSecret: string; encryptionKeys: string };
    expect(stored.authSecret).toBe(secrets.authSecret);
    expect(secrets.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(secrets.keyRing.keys.size).toBe(1);
    const line = info.mock.calls.flat().join("\n");
    expect(line).toContain("generated AUTH_SECRET and SWITCHBOARD_ENCRYPTION_KEYS on first start");
    expect(line).not.toContain(stored.authSecret);
    expect(line).not.toContain(stored.encryptionKeys.split(":")[1]);
    expect(openSecret(sealSecret("x"))).toBe("x");
  });

  it("reuses the generated secrets on the next start, so sealed values still open", async () => {
    const first = await load();
    const sealed = first.sealSecret("survives restarts");
    const authSecret = first.instanceSecrets().authSecret;
    vi.resetModules();
    const second = await load();
    expect(second.instanceSecrets().authSecret).toBe(authSecret);
    expect(second.openSecret(sealed)).toBe("survives restarts");
  });

  it("prefers the environment, and generates nothing when both are set", async () => {
    const key = generateKeyEntry("prod1");
    process.env.AUTH_SECRET = "a".repeat(40);
    process.env.SWITCHBOARD_ENCRYPTION_KEYS = key;
    const { instanceSecrets, sealSecret } = await load();
    expect(instanceSecrets().authSecret).toBe("a".repeat(40));
    expect(sealSecret("x")).toMatch(/^v1\.prod1\./);
    expect(() => statSync(path.join(dataDir, "data", "secrets.json"))).toThrow();
  });

  it("refuses an incomplete secrets file instead of silently replacing keys", async () => {
    const dir = path.join(dataDir, "data");
    (await import("node:fs")).mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "secrets.json"), JSON.stringify({ authSecret: "x".repeat(40) }));
    const { instanceSecrets } = await load();
    expect(() => instanceSecrets()).toThrow(/incomplete/);
  });
});
