// Mutual exclusion by key across requests and app instances: an in-process queue, plus a PostgreSQL advisory lock.
import { sql } from "drizzle-orm";
import type { DbHandle, Queryable } from "@/lib/db/connect";

// One queue per handle: a handle stands for one app instance (its own pool), so two handles on one PostgreSQL
// database — as in tests of several instances — must meet at the advisory lock, not in a shared local queue.
const queues = new WeakMap<DbHandle, Map<string, Promise<unknown>>>();

/** Runs fn after every earlier holder of `key` on this handle has finished. */
async function withLocalLock<T>(handle: DbHandle, key: string, fn: () => Promise<T>): Promise<T> {
  let tails = queues.get(handle);
  if (!tails) queues.set(handle, (tails = new Map()));
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const tail = previous.then(() => mine);
  tails.set(key, tail);
  try {
    await previous.catch(() => {});
    return await fn();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}

/**
 * Runs fn while holding `key` exclusively. On PostgreSQL the lock is a transaction-scoped advisory lock, so it
 * also excludes other instances; fn receives that transaction. PGlite is one process by construction, and its
 * transactions block every other query, so there fn runs outside a transaction under the in-process lock alone.
 */
export function withLock<T>(handle: DbHandle, key: string, fn: (q: Queryable) => Promise<T>): Promise<T> {
  return withLocalLock(handle, key, async () => {
    if (handle.kind === "pglite") return fn(handle.db);
    return handle.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
      return fn(tx);
    });
  });
}
