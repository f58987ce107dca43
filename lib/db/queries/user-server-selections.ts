// Queries on users' opt-in / opt-out choices for optional servers.
import { eq } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { userServerSelections, type UserServerSelection } from "@/lib/db/schema";

export async function listUserServerSelections(db: Queryable, userId: string): Promise<UserServerSelection[]> {
  return db.select().from(userServerSelections).where(eq(userServerSelections.userId, userId));
}

export async function upsertUserServerSelection(
  db: Queryable,
  userId: string,
  serverId: string,
  selected: boolean,
  now = new Date(),
): Promise<void> {
  await db
    .insert(userServerSelections)
    .values({ userId, serverId, selected, updatedAt: now })
    .onConflictDoUpdate({
      target: [userServerSelections.userId, userServerSelections.serverId],
      set: { selected, updatedAt: now },
    });
}
