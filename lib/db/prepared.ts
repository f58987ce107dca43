// Prepared statements for the hottest queries (every MCP request runs them): built once per database handle, since
// building a query with the ORM costs several times more than running it.
import type { Queryable } from "@/lib/db/connect";

const cache = new WeakMap<object, Map<string, unknown>>();

export function prepared<T>(db: Queryable, name: string, build: (db: Queryable) => T): T {
  let byName = cache.get(db);
  if (!byName) {
    byName = new Map();
    cache.set(db, byName);
  }
  let q = byName.get(name) as T | undefined;
  if (!q) {
    q = build(db);
    byName.set(name, q);
  }
  return q;
}
