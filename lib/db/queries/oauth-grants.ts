// Queries on OAuth grants (one per authorization; a refresh-token family) and what the "Authorized apps" page lists.
import { and, desc, eq, isNull, lt, max, or } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import {
  oauthClients,
  oauthConsents,
  oauthGrants,
  users,
  type OAuthClient,
  type OAuthGrant,
  type User,
} from "@/lib/db/schema";

export async function insertOAuthGrant(
  db: Queryable,
  input: { id?: string; oauthClientId: string; userId: string; scope: string; resource: string },
): Promise<OAuthGrant> {
  const [row] = await db.insert(oauthGrants).values(input).returning();
  return row!;
}

/** The grant with its user and client (what verifying an access token needs in one round trip). */
export async function getOAuthGrantWithUserAndClient(
  db: Queryable,
  id: string,
): Promise<{ grant: OAuthGrant; user: User; client: OAuthClient } | undefined> {
  const [row] = await db
    .select({ grant: oauthGrants, user: users, client: oauthClients })
    .from(oauthGrants)
    .innerJoin(users, eq(users.id, oauthGrants.userId))
    .innerJoin(oauthClients, eq(oauthClients.id, oauthGrants.oauthClientId))
    .where(eq(oauthGrants.id, id))
    .limit(1);
  return row;
}

/** Revokes one grant; returns it only if this call revoked it (so the caller audits once). */
export async function revokeOAuthGrant(
  db: Queryable,
  id: string,
  reason: string,
  now = new Date(),
): Promise<OAuthGrant | undefined> {
  const [row] = await db
    .update(oauthGrants)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(oauthGrants.id, id), isNull(oauthGrants.revokedAt)))
    .returning();
  return row;
}

export async function revokeOAuthGrantsForUserAndClient(
  db: Queryable,
  userId: string,
  oauthClientId: string,
  reason: string,
  now = new Date(),
): Promise<number> {
  const rows = await db
    .update(oauthGrants)
    .set({ revokedAt: now, revokedReason: reason })
    .where(
      and(eq(oauthGrants.userId, userId), eq(oauthGrants.oauthClientId, oauthClientId), isNull(oauthGrants.revokedAt)),
    )
    .returning({ id: oauthGrants.id });
  return rows.length;
}

/** Housekeeping: revoked grants (and, by cascade, their refresh tokens) are kept a while for the record, then dropped. */
export async function deleteOAuthGrantsRevokedBefore(db: Queryable, before: Date): Promise<void> {
  await db.delete(oauthGrants).where(lt(oauthGrants.revokedAt, before));
}

/** Records use, at most once a minute per grant, so a busy client does not write on every request. */
export async function touchOAuthGrant(db: Queryable, id: string, now = new Date()): Promise<void> {
  const stale = new Date(now.getTime() - 60_000);
  await db
    .update(oauthGrants)
    .set({ lastUsedAt: now })
    .where(and(eq(oauthGrants.id, id), or(isNull(oauthGrants.lastUsedAt), lt(oauthGrants.lastUsedAt, stale))));
}

export interface AuthorizedAppRow {
  client: OAuthClient;
  scope: string;
  approvedAt: Date;
  lastUsedAt: Date | null;
}

/** The clients a user approved, with the latest use of any of their live grants. */
export async function listAuthorizedAppsByUser(db: Queryable, userId: string): Promise<AuthorizedAppRow[]> {
  const rows = await db
    .select({
      client: oauthClients,
      scope: oauthConsents.scope,
      approvedAt: oauthConsents.updatedAt,
      lastUsedAt: max(oauthGrants.lastUsedAt),
    })
    .from(oauthConsents)
    .innerJoin(oauthClients, eq(oauthClients.id, oauthConsents.oauthClientId))
    .leftJoin(
      oauthGrants,
      and(
        eq(oauthGrants.oauthClientId, oauthConsents.oauthClientId),
        eq(oauthGrants.userId, userId),
        isNull(oauthGrants.revokedAt),
      ),
    )
    .where(eq(oauthConsents.userId, userId))
    .groupBy(oauthClients.id, oauthConsents.scope, oauthConsents.updatedAt)
    .orderBy(desc(oauthConsents.updatedAt));
  return rows.map((r) => ({ ...r, lastUsedAt: r.lastUsedAt ? new Date(r.lastUsedAt as unknown as string) : null }));
}
