// What the gateway needs from the rest of the app (injected, so tests and the route can wire their own) and the
// per-request context its handlers share.
import type { DbHandle } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import type { Principal } from "@/lib/auth/principal";
import type { UpstreamPool } from "@/lib/upstream/pool";
import type { ToolListCache } from "@/lib/upstream/tool-lists";
import type { GatewayMode } from "@/lib/gateway/policy";
import type { UpstreamCredentials } from "@/lib/auth-types/types";

export type { UpstreamCredentials };

export type CredentialProblem = Extract<UpstreamCredentials, { ok: false }>["state"];

export interface GatewayDeps {
  getHandle(): Promise<DbHandle>;
  resolveCredentials(handle: DbHandle, user: User, server: McpServer): Promise<UpstreamCredentials>;
  /** `rejectedAccessToken`: the token the upstream refused, so that a refresh that happened meanwhile is not undone. */
  markNeedsReconnect(handle: DbHandle, userId: string, serverId: string, rejectedAccessToken?: string): Promise<void>;
  pool: UpstreamPool;
  toolLists: ToolListCache;
  /** Absolute URL of a page of the panel (messages tell users where to go). */
  panelUrl(path: string): string;
  /** tools/call timeout when the server sets none. */
  callTimeoutMs: number;
  /** Per-upstream tools/list timeout (each page). */
  listTimeoutMs: number;
  pageSize: number;
}

export interface GatewayRequest {
  deps: GatewayDeps;
  handle: DbHandle;
  principal: Principal;
  mode: GatewayMode;
  ip: string | null;
}
