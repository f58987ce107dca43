// Queries on registered MCP servers.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { prepared } from "@/lib/db/prepared";
import { mcpServers, userServerSelections, type McpServer } from "@/lib/db/schema";

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
export async function updateMcpServer(
  db: Queryable,
  id: string,
  values: Partial<NewMcpServer>,
  now = new Date(),
): Promise<McpServer | undefined> {
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

export interface McpServerWithSelection {
  server: McpServer;
  /** The user's opt-in (true) / opt-out (false) for this server, or null when they never chose. */
  selected: boolean | null;
}

/** Enabled servers with one user's selection, oldest first (the gateway's view; one query per MCP request). */
export async function listEnabledMcpServersForUser(db: Queryable, userId: string): Promise<McpServerWithSelection[]> {
  const query = prepared(db, "enabled_mcp_servers_for_user", (q) =>
    q
      .select({ server: mcpServers, selected: userServerSelections.selected })
      .from(mcpServers)
      .leftJoin(
        userServerSelections,
        and(
          eq(userServerSelections.serverId, mcpServers.id),
          eq(userServerSelections.userId, sql.placeholder("userId")),
        ),
      )
      .where(eq(mcpServers.enabled, true))
      .orderBy(asc(mcpServers.createdAt), asc(mcpServers.id))
      .prepare("enabled_mcp_servers_for_user"),
  );
  const rows = await query.execute({ userId });
  return rows.map((r) => ({ server: r.server, selected: r.selected ?? null }));
}
