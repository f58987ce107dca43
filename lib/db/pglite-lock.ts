// One process per PGlite data dir: a PID lock file beside the dir, because two processes on one dir silently lose writes.
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

export class DataDirInUseError extends Error {
  override name = "DataDirInUseError";
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockFileOf(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

/** The PID holding the data dir, when it is a live process other than this one. */
export function dataDirHolder(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(lockFileOf(dataDir), "utf8").trim());
  } catch {
    return undefined;
  }
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

/**
 * Takes the data dir for this process, or throws naming the process that holds it. A lock left by a process that
 * is gone (a crash) is taken over. Returns the release function (also run at exit).
 */
export function lockDataDir(dataDir: string): () => void {
  const file = lockFileOf(dataDir);
  const holder = dataDirHolder(dataDir);
  if (holder) {
    throw new DataDirInUseError(
      `The embedded database at ${path.resolve(dataDir)} is in use by process ${holder}. PGlite allows one process per ` +
        `data dir: stop that process first (if it is not a Switchboard process, delete ${file}).`,
    );
  }
  writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
  const release = () => {
    try {
      if (readFileSync(file, "utf8").trim() === String(process.pid)) unlinkSync(file);
    } catch {
      // Already gone.
    }
    process.off("exit", release);
  };
  process.on("exit", release);
  return release;
}
