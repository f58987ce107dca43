// A user's availability choices per server (opt out of default_on, opt in to default_off); force_on takes none.
import "server-only";
import type { Queryable } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import { listUserServerSelections, upsertUserServerSelection } from "@/lib/db/queries/user-server-selections";
import { badRequest } from "@/lib/errors";

/** server id → the user's explicit choice (servers without a choice are absent). */
export async function getUserSelections(db: Queryable, userId: string): Promise<Map<string, boolean>> {
  const rows = await listUserServerSelections(db, userId);
  return new Map(rows.map((r) => [r.serverId, r.selected]));
}

export async function setUserSelection(
  db: Queryable,
  user: Pick<User, "id">,
  server: McpServer,
  selected: boolean,
): Promise<void> {
  if (server.availability === "force_on") {
    throw badRequest(`${server.displayName} is always on for everyone; it cannot be switched off.`, {
      selected: "This server is always on.",
    });
  }
  await upsertUserServerSelection(db, user.id, server.id, selected);
}
