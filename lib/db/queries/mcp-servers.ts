// Queries on registered MCP servers.
import { asc, eq } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { mcpServers, type McpServer } from "@/lib/db/schema";

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
