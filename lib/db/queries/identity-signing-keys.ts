// Queries on the keys that sign X-Switchboard-Identity tokens (private halves sealed before they get here).
import { asc, desc, isNull } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { identitySigningKeys, type IdentitySigningKey } from "@/lib/db/schema";

export async function getActiveIdentitySigningKey(db: Queryable): Promise<IdentitySigningKey | undefined> {
  const [row] = await db
    .select()
    .from(identitySigningKeys)
    .where(isNull(identitySigningKeys.retiredAt))
    .orderBy(desc(identitySigningKeys.createdAt))
    .limit(1);
  return row;
}

/** Every key, retired ones included (tokens signed just before a rotation must still verify). */
export async function listIdentitySigningKeys(db: Queryable): Promise<IdentitySigningKey[]> {
  return db.select().from(identitySigningKeys).orderBy(asc(identitySigningKeys.createdAt));
}

export async function insertIdentitySigningKey(
  db: Queryable,
  key: typeof identitySigningKeys.$inferInsert,
): Promise<IdentitySigningKey> {
  const [row] = await db.insert(identitySigningKeys).values(key).returning();
  return row!;
}
