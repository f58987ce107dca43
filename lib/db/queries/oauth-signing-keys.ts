// Queries on access-token signing keys.
import { desc, gt, lt } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { oauthSigningKeys, type OAuthSigningKey } from "@/lib/db/schema";

/** Keys created after `since`, newest first. */
export async function listOAuthSigningKeysSince(db: Queryable, since: Date): Promise<OAuthSigningKey[]> {
  return db
    .select()
    .from(oauthSigningKeys)
    .where(gt(oauthSigningKeys.createdAt, since))
    .orderBy(desc(oauthSigningKeys.createdAt));
}

export async function insertOAuthSigningKey(
  db: Queryable,
  input: Omit<OAuthSigningKey, "createdAt"> & { createdAt?: Date },
): Promise<OAuthSigningKey> {
  const [row] = await db.insert(oauthSigningKeys).values(input).returning();
  return row!;
}

export async function deleteOAuthSigningKeysBefore(db: Queryable, before: Date): Promise<number> {
  const rows = await db
    .delete(oauthSigningKeys)
    .where(lt(oauthSigningKeys.createdAt, before))
    .returning({ kid: oauthSigningKeys.kid });
  return rows.length;
}
