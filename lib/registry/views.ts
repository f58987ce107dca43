// Builds the per-viewer server responses: the right DTO for the viewer's role plus their connection and selection facts.
import "server-only";
import type { DbHandle } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import { listMcpServers } from "@/lib/db/queries/mcp-servers";
import { getConnectionStates, isServerSelected } from "@/lib/connections/state";
import { getUserSelections } from "@/lib/connections/selections";
import { toServerDto } from "@/lib/registry/dto";

export async function serverViews(handle: DbHandle, viewer: User, servers: McpServer[]) {
  const [states, selections] = await Promise.all([
    getConnectionStates(handle, viewer, servers),
    getUserSelections(handle.db, viewer.id),
  ]);
  return servers.map((s) =>
    toServerDto(s, viewer, { ...states.get(s.id)!, selected: isServerSelected(s, selections) }),
  );
}

export async function serverView(handle: DbHandle, viewer: User, server: McpServer) {
  const [view] = await serverViews(handle, viewer, [server]);
  return view!;
}

/** Admins: every server; members: enabled servers only. */
export async function listVisibleServers(handle: DbHandle, viewer: User) {
  const servers = await listMcpServers(handle.db, { enabledOnly: viewer.role !== "admin" });
  return serverViews(handle, viewer, servers);
}
