// Queries on remembered consent (per user and client).
import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { oauthConsents, type OAuthConsent } from "@/lib/db/schema";

export async function getOAuthConsent(
  db: Queryable,
  userId: string,
  oauthClientId: string,
): Promise<OAuthConsent | undefined> {
  const [row] = await db
    .select()
    .from(oauthConsents)
    .where(and(eq(oauthConsents.userId, userId), eq(oauthConsents.oauthClientId, oauthClientId)))
    .limit(1);
  return row;
}

export async function upsertOAuthConsent(
  db: Queryable,
  input: { userId: string; oauthClientId: string; scope: string },
): Promise<OAuthConsent> {
  const now = new Date();
  const [row] = await db
    .insert(oauthConsents)
    .values({ ...input, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [oauthConsents.userId, oauthConsents.oauthClientId],
      set: { scope: input.scope, updatedAt: now },
    })
    .returning();
  return row!;
}

export async function deleteOAuthConsent(
  db: Queryable,
  userId: string,
  oauthClientId: string,
): Promise<OAuthConsent | undefined> {
  const [row] = await db
    .delete(oauthConsents)
    .where(and(eq(oauthConsents.userId, userId), eq(oauthConsents.oauthClientId, oauthClientId)))
    .returning();
  return row;
}
