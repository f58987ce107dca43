// Opens a database on either driver (PGlite for the embedded default, postgres-js for PostgreSQL) and migrates it.
import path from "node:path";
import { mkdirSync } from "node:fs";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import * as schema from "@/lib/db/schema";
import { lockDataDir } from "@/lib/db/pglite-lock";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Queries accept either the database or an open transaction. */
export type Queryable = Db | Tx;

export type DbTarget = { kind: "pglite"; dataDir?: string } | { kind: "postgres"; url: string; max?: number };

export interface DbHandle {
  db: Db;
  kind: DbTarget["kind"];
  close(): Promise<void>;
}

export const migrationsFolder = () => path.join(process.cwd(), "drizzle");

// Any fixed 64-bit number works; it only has to be the same for every instance sharing a database.
const MIGRATION_LOCK = 7_324_118_021;

export async function openDatabase(target: DbTarget): Promise<DbHandle> {
  if (target.kind === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    if (target.dataDir) mkdirSync(path.dirname(path.resolve(target.dataDir)), { recursive: true });
    // Two processes on one data dir silently lose writes: refuse to be the second.
    const release = target.dataDir ? lockDataDir(target.dataDir) : () => {};
    const client = target.dataDir ? new PGlite(path.resolve(target.dataDir)) : new PGlite();
    const db = drizzle(client, { schema, casing: "snake_case" });
    try {
      await migrate(db, { migrationsFolder: migrationsFolder() });
    } catch (err) {
      await client.close().catch(() => {});
      release();
      throw err;
    }
    return {
      db: db as unknown as Db,
      kind: "pglite",
      close: async () => {
        await client.close();
        release();
      },
    };
  }

  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(target.url, { max: target.max ?? 10, onnotice: () => {} });
  const db = drizzle(client, { schema, casing: "snake_case" });
  // Several instances may start at once: the first migrates while the others wait on a session lock.
  const lockConn = await client.reserve();
  try {
    await lockConn`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(db, { migrationsFolder: migrationsFolder() });
  } finally {
    await lockConn`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    lockConn.release();
  }
  return { db: db as unknown as Db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
}
