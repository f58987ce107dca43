// Per-user connection facts (connectionState, authConnected) for the servers API, the connections page and the gateway.
import "server-only";
import type { DbHandle } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import { getUsableOidcAccessToken } from "@/lib/auth/oidc-tokens";
import { getUsableServerToken } from "@/lib/upstream/user-tokens";

export const connectionStates = ["not_required", "connected", "not_connected", "needs_reconnect"] as const;
export type ConnectionState = (typeof connectionStates)[number];

export interface ServerConnection {
  connectionState: ConnectionState;
  /** True when a usable credential exists right now (after a refresh attempt). */
  authConnected: boolean;
}

export async function getConnectionState(
  handle: DbHandle,
  user: Pick<User, "id">,
  server: McpServer,
): Promise<ServerConnection> {
  switch (server.authType) {
    case "none":
    case "api_key":
    case "custom_headers":
      return { connectionState: "not_required", authConnected: true };
    case "user_oidc": {
      const result = await getUsableOidcAccessToken(handle, user.id);
      if (result.status === "ok") return { connectionState: "connected", authConnected: true };
      if (result.status === "not_linked") return { connectionState: "not_connected", authConnected: false };
      if (result.status === "needs_sign_in") return { connectionState: "needs_reconnect", authConnected: false };
      return { connectionState: "connected", authConnected: false };
    }
    case "oauth2": {
      const result = await getUsableServerToken(handle, user.id, server);
      if (result.status === "ok") return { connectionState: "connected", authConnected: true };
      if (result.status === "not_connected") return { connectionState: "not_connected", authConnected: false };
      if (result.status === "needs_reconnect") return { connectionState: "needs_reconnect", authConnected: false };
      // Connected, but the token could not be refreshed just now (the authorization server is unreachable).
      return { connectionState: "connected", authConnected: false };
    }
  }
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
