// Queries on users' own OAuth tokens for oauth2 servers (sealed before they get here).
import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { mcpServerUserTokens, type McpServerUserToken } from "@/lib/db/schema";

export type UserTokenFields = Pick<
  McpServerUserToken,
  "accessTokenEncrypted" | "refreshTokenEncrypted" | "tokenType" | "scope" | "expiresAt"
>;

export async function getUserToken(
  db: Queryable,
  serverId: string,
  userId: string,
): Promise<McpServerUserToken | undefined> {
  const [row] = await db
    .select()
    .from(mcpServerUserTokens)
    .where(and(eq(mcpServerUserTokens.serverId, serverId), eq(mcpServerUserTokens.userId, userId)))
    .limit(1);
  return row;
}

/** Stores a fresh connection (replacing an older one, and clearing any "needs reconnect" mark). */
export async function upsertUserToken(
  db: Queryable,
  serverId: string,
  userId: string,
  fields: UserTokenFields,
  now = new Date(),
): Promise<McpServerUserToken> {
  const [row] = await db
    .insert(mcpServerUserTokens)
    .values({ serverId, userId, ...fields, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [mcpServerUserTokens.serverId, mcpServerUserTokens.userId],
      set: { ...fields, needsReconnectAt: null, updatedAt: now },
    })
    .returning();
  return row!;
}

export async function updateUserToken(
  db: Queryable,
  id: string,
  patch: Partial<UserTokenFields> & { needsReconnectAt?: Date | null },
  now = new Date(),
): Promise<void> {
  await db
    .update(mcpServerUserTokens)
    .set({ ...patch, updatedAt: now })
    .where(eq(mcpServerUserTokens.id, id));
}

/** Marks the connection unusable (kept for display) unless it is already marked. */
export async function markUserTokenNeedsReconnect(db: Queryable, id: string, now = new Date()): Promise<void> {
  await db
    .update(mcpServerUserTokens)
    .set({ needsReconnectAt: now })
    .where(and(eq(mcpServerUserTokens.id, id), isNull(mcpServerUserTokens.needsReconnectAt)));
}

export async function deleteUserToken(
  db: Queryable,
  serverId: string,
  userId: string,
): Promise<McpServerUserToken | undefined> {
  const [row] = await db
    .delete(mcpServerUserTokens)
    .where(and(eq(mcpServerUserTokens.serverId, serverId), eq(mcpServerUserTokens.userId, userId)))
    .returning();
  return row;
}

export async function deleteUserTokensForServer(db: Queryable, serverId: string): Promise<number> {
  const rows = await db
    .delete(mcpServerUserTokens)
    .where(eq(mcpServerUserTokens.serverId, serverId))
    .returning({ id: mcpServerUserTokens.id });
  return rows.length;
}
