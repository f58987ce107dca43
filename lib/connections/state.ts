// Per-user connection facts (connectionState, authConnected) for the servers API, the connections page and the gateway.
import "server-only";
import type { DbHandle } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import { strategyFor } from "@/lib/auth-types";
import type { ServerConnection } from "@/lib/auth-types/types";

export async function getConnectionState(
  handle: DbHandle,
  user: Pick<User, "id">,
  server: McpServer,
): Promise<ServerConnection> {
  return strategyFor(server).connection(handle, user, server);
}

/** Connection facts for many servers at once (refreshes run in parallel, each once per user and server). */
export async function getConnectionStates(
  handle: DbHandle,
  user: Pick<User, "id">,
  servers: McpServer[],
): Promise<Map<string, ServerConnection>> {
  const entries = await Promise.all(
    servers.map(async (s) => [s.id, await getConnectionState(handle, user, s)] as const),
  );
  return new Map(entries);
}

/** Whether the server is in the user's set: force_on always; default_on unless opted out; default_off only if opted in. */
export function isServerSelected(
  server: Pick<McpServer, "id" | "availability">,
  selections: ReadonlyMap<string, boolean>,
): boolean {
  if (server.availability === "force_on") return true;
  const choice = selections.get(server.id);
  return choice ?? server.availability === "default_on";
}
