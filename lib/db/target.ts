// Which database the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite under the data dir.
import path from "node:path";
import type { Env } from "@/lib/env";
import type { DbTarget } from "@/lib/db/connect";

export function databaseTarget(e: Pick<Env, "DATABASE_URL" | "SWITCHBOARD_DATA_DIR">): DbTarget {
  return e.DATABASE_URL
    ? { kind: "postgres", url: e.DATABASE_URL }
    : { kind: "pglite", dataDir: path.join(e.SWITCHBOARD_DATA_DIR, "pglite") };
}

/** For logs and CLI output: the driver and where, never a password. */
export function describeTarget(target: DbTarget): string {
  if (target.kind === "pglite") return `PGlite at ${target.dataDir ? path.resolve(target.dataDir) : "(in memory)"}`;
  const u = new URL(target.url);
  return `PostgreSQL at ${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
}
