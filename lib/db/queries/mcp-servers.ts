// Queries on registered MCP servers.
import { asc, eq } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { mcpServers, type McpServer } from "@/lib/db/schema";

export type NewMcpServer = typeof mcpServers.$inferInsert;

export async function getMcpServerById(db: Queryable, id: string): Promise<McpServer | undefined> {
  const [row] = await db.select().from(mcpServers).where(eq(mcpServers.id, id)).limit(1);
  return row;
}

export async function getMcpServerBySlug(db: Queryable, slug: string): Promise<McpServer | undefined> {
  const [row] = await db.select().from(mcpServers).where(eq(mcpServers.slug, slug)).limit(1);
  return row;
}

/** Oldest first: when two servers expose the same tool name, the older one keeps it. */
export async function listMcpServers(db: Queryable, opts: { enabledOnly?: boolean } = {}): Promise<McpServer[]> {
  return db
    .select()
    .from(mcpServers)
    .where(opts.enabledOnly ? eq(mcpServers.enabled, true) : undefined)
    .orderBy(asc(mcpServers.createdAt), asc(mcpServers.id));
}

/** Inserts a server; undefined when the slug is already taken. */
export async function insertMcpServer(db: Queryable, values: NewMcpServer): Promise<McpServer | undefined> {
  const [row] = await db.insert(mcpServers).values(values).onConflictDoNothing({ target: mcpServers.slug }).returning();
  return row;
}

/** Updates a server and always bumps updated_at (the gateway keys its tool-list cache on it). */
export async function updateMcpServer(db: Queryable, id: string, values: Partial<NewMcpServer>, now = new Date()): Promise<McpServer | undefined> {
  const [row] = await db
    .update(mcpServers)
    .set({ ...values, updatedAt: now })
    .where(eq(mcpServers.id, id))
    .returning();
  return row;
}

/** Deletes a server; its users' tokens and selections go with it (foreign keys cascade). */
export async function deleteMcpServer(db: Queryable, id: string): Promise<McpServer | undefined> {
  const [row] = await db.delete(mcpServers).where(eq(mcpServers.id, id)).returning();
  return row;
}
