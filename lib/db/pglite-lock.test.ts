import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DataDirInUseError, dataDirHolder, lockDataDir, lockFileOf } from "@/lib/db/pglite-lock";
import { openDatabase } from "@/lib/db/connect";

const root = mkdtempSync(path.join(os.tmpdir(), "sb-lock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A live process that is not this one (so its PID in a lock file means "in use"). */
function sleeper() {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  return {
    pid: child.pid!,
    stop: () => new Promise<void>((r) => (child.once("exit", () => r()), child.kill("SIGKILL"))),
  };
}

describe("PGlite data dir lock", () => {
  it("takes a free dir, writes this PID, and removes the file on release", () => {
    const dir = path.join(root, "free");
    const release = lockDataDir(dir);
    expect(readFileSync(lockFileOf(dir), "utf8").trim()).toBe(String(process.pid));
    expect(dataDirHolder(dir)).toBeUndefined(); // this process is not "another" holder
    release();
    expect(existsSync(lockFileOf(dir))).toBe(false);
  });

  it("refuses a dir held by another live process, naming it, and takes it over once that process is gone", async () => {
    const dir = path.join(root, "held");
    const other = sleeper();
    writeFileSync(lockFileOf(dir), `${other.pid}\n`);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${other.pid}`));
    await other.stop();
    const release = lockDataDir(dir);
    expect(readFileSync(lockFileOf(dir), "utf8").trim()).toBe(String(process.pid));
    release();
  });

  it("openDatabase refuses a PGlite dir that another process holds, and opens nothing", async () => {
    const dir = path.join(root, "db");
    const other = sleeper();
    writeFileSync(lockFileOf(dir), `${other.pid}\n`);
    try {
      await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toThrow(/in use by process/);
      expect(existsSync(dir)).toBe(false);
    } finally {
      await other.stop();
    }
    const handle = await openDatabase({ kind: "pglite", dataDir: dir });
    expect(readFileSync(lockFileOf(dir), "utf8").trim()).toBe(String(process.pid));
    await handle.close();
    expect(existsSync(lockFileOf(dir))).toBe(false);
  });
});
