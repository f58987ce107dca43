// Queries on authorization codes (looked up by hash; claimed once, atomically).
import { and, eq, isNull, lt } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { oauthAuthorizationCodes, type OAuthAuthorizationCode } from "@/lib/db/schema";

export type NewAuthorizationCode = Omit<
  typeof oauthAuthorizationCodes.$inferInsert,
  "id" | "createdAt" | "usedAt" | "grantId"
>;

export async function insertAuthorizationCode(
  db: Queryable,
  input: NewAuthorizationCode,
): Promise<OAuthAuthorizationCode> {
  const [row] = await db.insert(oauthAuthorizationCodes).values(input).returning();
  return row!;
}

export async function getAuthorizationCodeByHash(
  db: Queryable,
  codeHash: string,
): Promise<OAuthAuthorizationCode | undefined> {
  const [row] = await db
    .select()
    .from(oauthAuthorizationCodes)
    .where(eq(oauthAuthorizationCodes.codeHash, codeHash))
    .limit(1);
  return row;
}

/** Marks the code used; returns undefined when someone else used it first (the UPDATE decides, not a read). */
export async function claimAuthorizationCode(
  db: Queryable,
  id: string,
  now: Date,
): Promise<OAuthAuthorizationCode | undefined> {
  const [row] = await db
    .update(oauthAuthorizationCodes)
    .set({ usedAt: now })
    .where(and(eq(oauthAuthorizationCodes.id, id), isNull(oauthAuthorizationCodes.usedAt)))
    .returning();
  return row;
}

export async function setAuthorizationCodeGrant(db: Queryable, id: string, grantId: string): Promise<void> {
  await db.update(oauthAuthorizationCodes).set({ grantId }).where(eq(oauthAuthorizationCodes.id, id));
}

/** Housekeeping: codes live 60 s; keeping them a day longer lets a late replay still revoke what the code issued. */
export async function deleteAuthorizationCodesExpiredBefore(db: Queryable, before: Date): Promise<void> {
  await db.delete(oauthAuthorizationCodes).where(lt(oauthAuthorizationCodes.expiresAt, before));
}
