// Every *_encrypted column of the schema, found by reflection (so new tables are covered), and the queries key rotation needs.
import { and, asc, count, getTableColumns, is, isNotNull, not, or, sql, type SQL } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import { getTableConfig, PgTable, type PgColumn } from "drizzle-orm/pg-core";
import type { Queryable } from "@/lib/db/connect";
import * as schema from "@/lib/db/schema";

export interface SealedColumn {
  /** Property name in the schema (what drizzle's set() takes). */
  key: string;
  /** SQL column name, e.g. access_token_encrypted. */
  name: string;
  column: PgColumn;
}

export interface SealedTable {
  name: string;
  table: PgTable;
  primaryKey: Array<{ key: string; column: PgColumn }>;
  columns: SealedColumn[];
}

const SUFFIX = "_encrypted";

function sqlName(key: string, column: PgColumn): string {
  // Columns declared without an explicit name take their property name, converted by the snake_case casing.
  return column.keyAsName ? toSnakeCase(column.name) : column.name;
}

/** Tables holding sealed secrets, with their primary keys (every such table must have one). */
export function listSealedTables(): SealedTable[] {
  const tables: SealedTable[] = [];
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    const entries = Object.entries(getTableColumns(value)) as Array<[string, PgColumn]>;
    const columns = entries
      .filter(([key, c]) => sqlName(key, c).endsWith(SUFFIX))
      .map(([key, column]) => ({ key, name: sqlName(key, column), column }));
    if (!columns.length) continue;
    let primaryKey = entries.filter(([, c]) => c.primary).map(([key, column]) => ({ key, column }));
    if (!primaryKey.length && config.primaryKeys[0]) {
      const pkColumns = new Set(config.primaryKeys[0].columns);
      primaryKey = entries.filter(([, c]) => pkColumns.has(c)).map(([key, column]) => ({ key, column }));
    }
    if (!primaryKey.length)
      throw new Error(
        `Table ${config.name} has encrypted columns but no primary key; key rotation cannot address its rows.`,
      );
    tables.push({ name: config.name, table: value, primaryKey, columns });
  }
  return tables;
}

const sealedUnder = (column: PgColumn, kid: string) => sql`starts_with(${column}, ${`v1.${kid}.`})`;
const staleIn = (column: PgColumn, kid: string) => and(isNotNull(column), not(sealedUnder(column, kid)))!;

export async function countSealedValues(
  db: Queryable,
  t: SealedTable,
  c: SealedColumn,
  primaryKid: string,
): Promise<{ total: number; stale: number }> {
  const [row] = await db
    .select({
      total: count(c.column),
      stale: sql<number>`count(*) filter (where ${staleIn(c.column, primaryKid)})`.mapWith(Number),
    })
    .from(t.table);
  return { total: row?.total ?? 0, stale: row?.stale ?? 0 };
}

export type RowKey = unknown[];
export type SealedRow = { key: RowKey; values: Record<string, string | null> };

/** Rows with at least one value sealed under another key than the primary, after `after` in primary-key order. */
export async function listRowsWithStaleSecrets(
  db: Queryable,
  t: SealedTable,
  primaryKid: string,
  limit: number,
  after?: RowKey,
): Promise<SealedRow[]> {
  const fields: Record<string, PgColumn> = {};
  t.primaryKey.forEach((p, i) => (fields[`pk${i}`] = p.column));
  for (const c of t.columns) fields[c.key] = c.column;
  const where: SQL[] = [or(...t.columns.map((c) => staleIn(c.column, primaryKid)))!];
  if (after) {
    const cols = sql.join(
      t.primaryKey.map((p) => sql`${p.column}`),
      sql`, `,
    );
    const vals = sql.join(
      after.map((v) => sql`${v}`),
      sql`, `,
    );
    where.push(sql`(${cols}) > (${vals})`);
  }
  const rows = (await db
    .select(fields)
    .from(t.table)
    .where(and(...where))
    .orderBy(...t.primaryKey.map((p) => asc(p.column)))
    .limit(limit)) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    key: t.primaryKey.map((_, i) => r[`pk${i}`]),
    values: Object.fromEntries(t.columns.map((c) => [c.key, (r[c.key] as string | null) ?? null])),
  }));
}

/**
 * Replaces sealed values of one row, only where each still holds what was read (compare-and-set), so a value a
 * running instance wrote in the meantime is never overwritten. Returns whether the row was updated.
 */
export async function replaceSealedValues(
  db: Queryable,
  t: SealedTable,
  key: RowKey,
  changes: Array<{ column: SealedColumn; from: string; to: string }>,
): Promise<boolean> {
  const set = Object.fromEntries(changes.map((c) => [c.column.key, c.to]));
  const where = and(
    ...t.primaryKey.map((p, i) => sql`${p.column} = ${key[i]}`),
    ...changes.map((c) => sql`${c.column.column} = ${c.from}`),
  );
  const updated = await db
    .update(t.table)
    .set(set as never)
    .where(where)
    .returning({ one: sql<number>`1` });
  return updated.length > 0;
}
