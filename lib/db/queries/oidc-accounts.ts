// Queries on identity-provider account links (their tokens are sealed before they get here).
import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { oidcAccounts, type OidcAccount } from "@/lib/db/schema";

export async function getOidcAccountBySubject(
  db: Queryable,
  provider: string,
  subject: string,
): Promise<OidcAccount | undefined> {
  const [row] = await db
    .select()
    .from(oidcAccounts)
    .where(and(eq(oidcAccounts.provider, provider), eq(oidcAccounts.subject, subject)))
    .limit(1);
  return row;
}

export async function getOidcAccountByUser(
  db: Queryable,
  userId: string,
  provider: string,
): Promise<OidcAccount | undefined> {
  const [row] = await db
    .select()
    .from(oidcAccounts)
    .where(and(eq(oidcAccounts.userId, userId), eq(oidcAccounts.provider, provider)))
    .limit(1);
  return row;
}

export type OidcTokenFields = Pick<
  OidcAccount,
  "accessTokenEncrypted" | "refreshTokenEncrypted" | "tokenType" | "scope" | "expiresAt"
>;

/** Creates the link or replaces its tokens (every sign-in brings fresh ones). */
export async function upsertOidcAccount(
  db: Queryable,
  link: { userId: string; provider: string; subject: string } & OidcTokenFields,
): Promise<OidcAccount> {
  const now = new Date();
  const [row] = await db
    .insert(oidcAccounts)
    .values({ ...link, updatedAt: now })
    .onConflictDoUpdate({
      target: [oidcAccounts.provider, oidcAccounts.subject],
      set: {
        accessTokenEncrypted: link.accessTokenEncrypted,
        // Keep the stored refresh token when this sign-in did not bring one.
        ...(link.refreshTokenEncrypted ? { refreshTokenEncrypted: link.refreshTokenEncrypted } : {}),
        tokenType: link.tokenType,
        scope: link.scope,
        expiresAt: link.expiresAt,
        refreshFailedAt: null,
        updatedAt: now,
      },
    })
    .returning();
  return row!;
}

export async function updateOidcAccountTokens(
  db: Queryable,
  id: string,
  patch: Partial<OidcTokenFields> & { refreshFailedAt?: Date | null },
): Promise<void> {
  await db
    .update(oidcAccounts)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(oidcAccounts.id, id));
}
