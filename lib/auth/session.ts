// The signed-in user behind the Auth.js session cookie, for pages and (through route()) API routes.
import "server-only";
import { auth } from "@/lib/auth/index";
import { getDbHandle } from "@/lib/db/client";
import type { DbHandle } from "@/lib/db/connect";
import { getUserById } from "@/lib/db/queries/users";

/**
 * The session's user, if the account still exists and is enabled (a disabled user's open sessions stop here). The
 * database is opened only when there is a session to look up.
 */
export async function getSessionUser(database: () => Promise<DbHandle> = getDbHandle) {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return undefined;
  const user = await getUserById((await database()).db, id);
  return user && !user.disabled ? user : undefined;
}
