// Test-only row helpers for gateway suites (servers, selections, users' upstream tokens). Production code never imports this.
import { eq, and } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { mcpServers, mcpServerUserTokens, userServerSelections, type McpServer, type McpServerUserToken } from "@/lib/db/schema";

export type TestServerInput = Partial<typeof mcpServers.$inferInsert> & { slug: string; url: string };

export async function insertTestServer(db: Queryable, input: TestServerInput): Promise<McpServer> {
  const [row] = await db
    .insert(mcpServers)
    .values({ displayName: input.slug, toolPrefix: input.slug, enabled: true, ...input })
    .returning();
  return row!;
}

export async function updateTestServer(db: Queryable, id: string, patch: Partial<typeof mcpServers.$inferInsert>): Promise<McpServer> {
  const [row] = await db
    .update(mcpServers)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(mcpServers.id, id))
    .returning();
  return row!;
}

export async function setTestSelection(db: Queryable, userId: string, serverId: string, selected: boolean): Promise<void> {
  await db
    .insert(userServerSelections)
    .values({ userId, serverId, selected })
    .onConflictDoUpdate({ target: [userServerSelections.userId, userServerSelections.serverId], set: { selected, updatedAt: new Date() } });
}

export async function upsertTestUserToken(db: Queryable, v: { userId: string; serverId: string; accessTokenEncrypted: string; needsReconnectAt?: Date | null }): Promise<void> {
  await db
    .insert(mcpServerUserTokens)
    .values({ ...v })
    .onConflictDoUpdate({
      target: [mcpServerUserTokens.serverId, mcpServerUserTokens.userId],
      set: { accessTokenEncrypted: v.accessTokenEncrypted, needsReconnectAt: v.needsReconnectAt ?? null, updatedAt: new Date() },
    });
}

export async function getTestUserToken(db: Queryable, userId: string, serverId: string): Promise<McpServerUserToken | undefined> {
  const [row] = await db
    .select()
    .from(mcpServerUserTokens)
    .where(and(eq(mcpServerUserTokens.userId, userId), eq(mcpServerUserTokens.serverId, serverId)))
    .limit(1);
  return row;
}

export async function markTestTokenNeedsReconnect(db: Queryable, userId: string, serverId: string): Promise<void> {
  await db
    .update(mcpServerUserTokens)
    .set({ needsReconnectAt: new Date() })
    .where(and(eq(mcpServerUserTokens.userId, userId), eq(mcpServerUserTokens.serverId, serverId)));
}
