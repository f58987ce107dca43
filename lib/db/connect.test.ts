// One migrations folder, two drivers: the same schema results on PGlite and on PostgreSQL, and re-opening is a no-op.
import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Db, DbHandle } from "@/lib/db/connect";
import { openDatabase } from "@/lib/db/connect";
import { countUsers } from "@/lib/db/queries/users";
import { createPostgresDatabase, describeEachDriver, describePostgres } from "@/lib/testing/databases";

async function columns(db: Db): Promise<string[]> {
  const result = await db.execute(
    sql`select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns where table_schema = 'public' order by table_name, column_name`,
  );
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as Array<
    Record<string, string | null>
  >;
  return rows.map((r) => `${r.table_name}.${r.column_name} ${r.data_type} ${r.is_nullable} ${r.column_default ?? ""}`);
}

async function indexes(db: Db): Promise<string[]> {
  const result = await db.execute(
    sql`select indexname, indexdef from pg_indexes where schemaname = 'public' order by indexname`,
  );
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as Array<
    Record<string, string>
  >;
  return rows.map((r) => `${r.indexname}: ${r.indexdef}`);
}

describeEachDriver("migrations", ({ db }) => {
  it("create the foundation tables", async () => {
    const cols = await columns(db());
    const tables = new Set(cols.map((c) => c.split(".")[0]));
    for (const t of ["users", "oidc_accounts", "personal_access_tokens", "audit_events"]) expect(tables).toContain(t);
    expect(cols).toContain("personal_access_tokens.token_hash text NO ");
    expect((await indexes(db())).join("\n")).toContain("personal_access_tokens_token_hash_key");
    expect(await countUsers(db())).toBe(0);
  });
});

describePostgres("migrations on both drivers", () => {
  let pglite: DbHandle;
  let pg: { handle: DbHandle; drop: () => Promise<void> };
  beforeAll(async () => {
    pglite = await openDatabase({ kind: "pglite" });
    const created = await createPostgresDatabase();
    pg = { handle: await openDatabase({ kind: "postgres", url: created.url }), drop: created.drop };
  });
  afterAll(async () => {
    await pglite?.close();
    await pg?.handle.close();
    await pg?.drop();
  });

  it("produce the same columns, defaults and indexes on PGlite and PostgreSQL", async () => {
    expect(await columns(pglite.db)).toEqual(await columns(pg.handle.db));
    expect(await indexes(pglite.db)).toEqual(await indexes(pg.handle.db));
  });

  it("let several instances start at once on one database (they take turns), and re-running is a no-op", async () => {
    const created = await createPostgresDatabase();
    try {
      const handles = await Promise.all([1, 2, 3].map(() => openDatabase({ kind: "postgres", url: created.url })));
      const result = await handles[0]!.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as Array<{
        n: number;
      }>;
      const { readdirSync } = await import("node:fs");
      expect(rows[0]!.n).toBe(readdirSync("drizzle").filter((f) => f.endsWith(".sql")).length);
      await Promise.all(handles.map((h) => h.close()));
      const again = await openDatabase({ kind: "postgres", url: created.url });
      await again.close();
    } finally {
      await created.drop();
    }
  });
});
