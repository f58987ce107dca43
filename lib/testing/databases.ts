// Test databases: a fresh in-memory PGlite, and — when TEST_DATABASE_URL is set — a fresh database on real PostgreSQL.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import { openDatabase, type DbHandle } from "@/lib/db/connect";
import { createPostgresDatabase } from "@/lib/testing/postgres-databases";

export { createPostgresDatabase };

export type DriverName = "pglite" | "postgres";

// Tests may read TEST_DATABASE_URL directly: it is test-runner configuration, not app configuration.
const serverUrl = process.env.TEST_DATABASE_URL;

export function testDrivers(): DriverName[] {
  return serverUrl ? ["pglite", "postgres"] : ["pglite"];
}

export async function openTestDatabase(driver: DriverName): Promise<DbHandle> {
  if (driver === "pglite") return openDatabase({ kind: "pglite" });
  const created = await createPostgresDatabase();
  const handle = await openDatabase({ kind: "postgres", url: created.url, max: 20 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await created.drop();
    },
  };
}

/**
 * Several handles ("app instances") on ONE fresh PostgreSQL database, for cross-instance races.
 * Closing the returned group closes every handle, then drops the database.
 */
export async function openSharedPostgres(
  count: number,
): Promise<{ handles: DbHandle[]; url: string; close: () => Promise<void> }> {
  const created = await createPostgresDatabase();
  const handles: DbHandle[] = [];
  try {
    for (let i = 0; i < count; i++) handles.push(await openDatabase({ kind: "postgres", url: created.url, max: 20 }));
  } catch (err) {
    await Promise.all(handles.map((h) => h.close()));
    await created.drop();
    throw err;
  }
  return {
    handles,
    url: created.url,
    close: async () => {
      await Promise.all(handles.map((h) => h.close()));
      await created.drop();
    },
  };
}

/** Registers a suite that needs real PostgreSQL; without TEST_DATABASE_URL it is not registered (the PGlite suites still run). */
export function describePostgres(name: string, suite: () => void) {
  if (serverUrl) describe(`${name} [postgres]`, suite);
}

/**
 * Runs a suite once per available driver, each against its own freshly migrated database.
 * Inside, call `db()` (or `handle()`) from hooks and tests — not at collection time.
 */
export function describeEachDriver(
  name: string,
  suite: (ctx: { handle: () => DbHandle; db: () => DbHandle["db"]; driver: DriverName }) => void,
) {
  for (const driver of testDrivers()) {
    describe(`${name} [${driver}]`, () => {
      let h: DbHandle | undefined;
      beforeAll(async () => {
        h = await openTestDatabase(driver);
      });
      afterAll(async () => {
        await h?.close();
      });
      const handle = () => {
        if (!h) throw new Error("database not open yet: use it inside a hook or test");
        return h;
      };
      suite({ handle, db: () => handle().db, driver });
    });
  }
}

export const uniqueEmail = (tag = "user") => `${tag}-${randomBytes(5).toString("hex")}@example.test`;
