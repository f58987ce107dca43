// Queries on personal access tokens (looked up by hash only).
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { prepared } from "@/lib/db/prepared";
import { personalAccessTokens, users, type PersonalAccessToken, type User } from "@/lib/db/schema";

export async function insertPersonalAccessToken(
  db: Queryable,
  input: { userId: string; name: string; tokenHash: string; expiresAt: Date | null },
): Promise<PersonalAccessToken> {
  const [row] = await db.insert(personalAccessTokens).values(input).returning();
  return row!;
}

export async function listPersonalAccessTokensByUser(db: Queryable, userId: string): Promise<PersonalAccessToken[]> {
  return db
    .select()
    .from(personalAccessTokens)
    .where(eq(personalAccessTokens.userId, userId))
    .orderBy(desc(personalAccessTokens.createdAt));
}

export async function getPersonalAccessTokenWithUserByHash(
  db: Queryable,
  tokenHash: string,
): Promise<{ token: PersonalAccessToken; user: User } | undefined> {
  // Prepared: this runs on every request authenticated with a token.
  const query = prepared(db, "pat_with_user_by_hash", (q) =>
    q
      .select({ token: personalAccessTokens, user: users })
      .from(personalAccessTokens)
      .innerJoin(users, eq(users.id, personalAccessTokens.userId))
      .where(eq(personalAccessTokens.tokenHash, sql.placeholder("tokenHash")))
      .limit(1)
      .prepare("pat_with_user_by_hash"),
  );
  const [row] = await query.execute({ tokenHash });
  return row;
}

/** Deletes one of the user's tokens; returns whether it existed. */
export async function deletePersonalAccessToken(
  db: Queryable,
  userId: string,
  id: string,
): Promise<PersonalAccessToken | undefined> {
  const [row] = await db
    .delete(personalAccessTokens)
    .where(and(eq(personalAccessTokens.id, id), eq(personalAccessTokens.userId, userId)))
    .returning();
  return row;
}

/** Records use, at most once a minute per token, so a busy script does not write on every request. */
export async function touchPersonalAccessToken(db: Queryable, id: string, now = new Date()): Promise<void> {
  const stale = new Date(now.getTime() - 60_000);
  await db
    .update(personalAccessTokens)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(personalAccessTokens.id, id),
        or(isNull(personalAccessTokens.lastUsedAt), lt(personalAccessTokens.lastUsedAt, stale)),
      ),
    );
}
