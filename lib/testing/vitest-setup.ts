// Test defaults: fixed keys and a throwaway data dir, so no test writes into ./.data or depends on a developer's .env.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

if (!process.env.SWITCHBOARD_DATA_DIR) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "switchboard-test-"));
  process.env.SWITCHBOARD_DATA_DIR = dir;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
}
process.env.AUTH_SECRET ??= "test-auth-secret-test-auth-secret-0123456789";
process.env.SWITCHBOARD_ENCRYPTION_KEYS ??= `test1:${Buffer.alloc(32, 7).toString("base64")}`;
process.env.SWITCHBOARD_URL ??= "http://localhost:3999";
process.env.LOG_LEVEL ??= "warn";
