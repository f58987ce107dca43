// Queries on refresh tokens (looked up by hash; rotated once, atomically).
import { and, eq, isNotNull, isNull, lt, ne } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import {
  oauthClients,
  oauthGrants,
  oauthRefreshTokens,
  type OAuthClient,
  type OAuthGrant,
  type OAuthRefreshToken,
} from "@/lib/db/schema";

export async function insertRefreshToken(
  db: Queryable,
  input: { grantId: string; tokenHash: string; expiresAt: Date },
): Promise<OAuthRefreshToken> {
  const [row] = await db.insert(oauthRefreshTokens).values(input).returning();
  return row!;
}

export async function getRefreshTokenWithGrantByHash(
  db: Queryable,
  tokenHash: string,
): Promise<{ token: OAuthRefreshToken; grant: OAuthGrant; client: OAuthClient } | undefined> {
  const [row] = await db
    .select({ token: oauthRefreshTokens, grant: oauthGrants, client: oauthClients })
    .from(oauthRefreshTokens)
    .innerJoin(oauthGrants, eq(oauthGrants.id, oauthRefreshTokens.grantId))
    .innerJoin(oauthClients, eq(oauthClients.id, oauthGrants.oauthClientId))
    .where(eq(oauthRefreshTokens.tokenHash, tokenHash))
    .limit(1);
  return row;
}

/** Marks a token rotated and keeps the sealed successor response; undefined when it was already rotated. */
export async function markRefreshTokenRotated(
  db: Queryable,
  id: string,
  now: Date,
  successorResponseEncrypted: string,
): Promise<OAuthRefreshToken | undefined> {
  const [row] = await db
    .update(oauthRefreshTokens)
    .set({ rotatedAt: now, successorResponseEncrypted })
    .where(and(eq(oauthRefreshTokens.id, id), isNull(oauthRefreshTokens.rotatedAt)))
    .returning();
  return row;
}

/** Once a successor is itself used, older replayable responses in the family are no longer needed: drop them. */
export async function clearSuccessorResponses(db: Queryable, grantId: string, exceptId: string): Promise<void> {
  await db
    .update(oauthRefreshTokens)
    .set({ successorResponseEncrypted: null })
    .where(and(eq(oauthRefreshTokens.grantId, grantId), ne(oauthRefreshTokens.id, exceptId)));
}

export async function deleteRefreshTokensExpiredBefore(db: Queryable, before: Date): Promise<void> {
  await db.delete(oauthRefreshTokens).where(lt(oauthRefreshTokens.expiresAt, before));
}

/** Past the grace period a replayable response is useless: drop the sealed copies of tokens rotated before `before`. */
export async function clearSuccessorResponsesRotatedBefore(db: Queryable, before: Date): Promise<void> {
  await db
    .update(oauthRefreshTokens)
    .set({ successorResponseEncrypted: null })
    .where(and(lt(oauthRefreshTokens.rotatedAt, before), isNotNull(oauthRefreshTokens.successorResponseEncrypted)));
}
