// The governed union of tools for one caller: servers the policy selects and the caller holds credentials for,
// their tools (cached lists) filtered by allow/deny lists, renamed, de-duplicated oldest-server-first.
import "server-only";
import type { Tool } from "@modelcontextprotocol/server";
import { listEnabledMcpServersForUser } from "@/lib/db/queries/mcp-servers";
import type { McpServer } from "@/lib/db/schema";
import { listAllTools, UpstreamError, type UpstreamFailure } from "@/lib/upstream/mcp-client";
import { poolKey, type PoolTarget } from "@/lib/upstream/pool";
import { log, describeError } from "@/lib/log";
import type { CredentialProblem, GatewayRequest, UpstreamCredentials } from "@/lib/gateway/context";
import { isToolAllowed, serverExclusion, type Exclusion } from "@/lib/gateway/policy";
import { couldBeExposedBy, exposedToolName, STATUS_TOOL_NAME } from "@/lib/gateway/naming";
import { wrapInputSchema } from "@/lib/gateway/model-intent";
import { upstreamFailureSummary } from "@/lib/gateway/call-errors";
import { strategyFor } from "@/lib/auth-types";

export type ServerState =
  | { kind: "available"; toolCount: number }
  | { kind: "excluded"; reason: Exclusion }
  | { kind: "credentials"; problem: CredentialProblem; message: string }
  | { kind: "unreachable"; failure: UpstreamFailure; message: string }
  /** tools/call only: this server cannot own the requested name, so it was not looked at. */
  | { kind: "not_examined" };

export interface ServerEntry {
  server: McpServer;
  state: ServerState;
  /** Set when the caller holds usable credentials: where and how to reach the upstream. */
  target?: PoolTarget;
}

export interface ExposedTool {
  name: string;
  entry: ServerEntry & { target: PoolTarget };
  /** The upstream's own definition (its name is what the upstream expects on tools/call). */
  upstream: Tool;
  /** What clients see. */
  listed: Tool;
}

export interface SkippedTool {
  serverId: string;
  server: string;
  tool: string;
  exposedAs: string;
  reason: string;
}

export interface Catalog {
  servers: ServerEntry[];
  tools: ExposedTool[];
  byName: Map<string, ExposedTool>;
  skipped: SkippedTool[];
}

export function targetFor(server: McpServer, headers: Record<string, string>): PoolTarget {
  return {
    serverId: server.id,
    serverVersion: server.updatedAt.toISOString(),
    url: server.url,
    transport: server.transport,
    headers,
  };
}

async function credentialsFor(rq: GatewayRequest, server: McpServer): Promise<UpstreamCredentials> {
  try {
    return await rq.deps.resolveCredentials(rq.handle, rq.principal.user, server);
  } catch (err) {
    log.error("resolving upstream credentials failed", { serverId: server.id, error: describeError(err) });
    return {
      ok: false,
      state: "unavailable",
      message: "Switchboard could not prepare credentials for this server; try again later.",
    };
  }
}

async function upstreamTools(rq: GatewayRequest, target: PoolTarget): Promise<Tool[]> {
  const { pool, toolLists, listTimeoutMs } = rq.deps;
  return toolLists.get(poolKey(target), target.serverId, () =>
    pool.run(target, (conn) => listAllTools(conn, { timeoutMs: listTimeoutMs })),
  );
}

/** The bearer token in headers we sent upstream. */
function sentBearer(headers: Record<string, string> | undefined): string | undefined {
  const value = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === "authorization")?.[1];
  return value ? /^Bearer\s+(.+)$/i.exec(value)?.[1] : undefined;
}

/** A 401 means the user's own connected account was refused (other credentials cannot be reconnected by the user). */
const marksReconnect = (server: McpServer) => strategyFor(server).credential === "connected_account";

/** Marks a connected account for reconnection after its upstream refused the token we sent. */
export async function noteUnauthorized(
  rq: GatewayRequest,
  server: McpServer,
  sentHeaders: Record<string, string> | undefined,
): Promise<void> {
  if (!marksReconnect(server)) return;
  try {
    await rq.deps.markNeedsReconnect(rq.handle, rq.principal.user.id, server.id, sentBearer(sentHeaders));
  } catch (err) {
    log.error("marking a connection as needs-reconnect failed", { serverId: server.id, error: describeError(err) });
  }
}

async function examine(
  rq: GatewayRequest,
  server: McpServer,
  selected: boolean | null,
  forToolName: string | undefined,
): Promise<{ entry: ServerEntry; tools: Tool[] }> {
  const exclusion = serverExclusion(server, selected, rq.mode);
  if (exclusion) return { entry: { server, state: { kind: "excluded", reason: exclusion } }, tools: [] };
  if (forToolName !== undefined && !couldBeExposedBy(server.toolPrefix, forToolName))
    return { entry: { server, state: { kind: "not_examined" } }, tools: [] };
  const creds = await credentialsFor(rq, server);
  if (!creds.ok)
    return {
      entry: { server, state: { kind: "credentials", problem: creds.state, message: creds.message } },
      tools: [],
    };
  const target = targetFor(server, creds.headers);
  try {
    const tools = await upstreamTools(rq, target);
    return { entry: { server, target, state: { kind: "available", toolCount: 0 } }, tools };
  } catch (err) {
    const e =
      err instanceof UpstreamError
        ? err
        : new UpstreamError("protocol", "The upstream answered in a way Switchboard could not use.");
    if (!(err instanceof UpstreamError))
      log.warn("listing upstream tools failed", { serverId: server.id, error: describeError(err) });
    if (e.kind === "unauthorized" && marksReconnect(server)) {
      await noteUnauthorized(rq, server, target.headers);
      return {
        entry: {
          server,
          state: {
            kind: "credentials",
            problem: "needs_reconnect",
            message: "The server rejected your connection; reconnect it.",
          },
        },
        tools: [],
      };
    }
    return {
      entry: {
        server,
        target,
        state: { kind: "unreachable", failure: e.kind, message: upstreamFailureSummary(e.kind) },
      },
      tools: [],
    };
  }
}

/**
 * Builds the caller's catalog. With `forToolName` (tools/call) only servers that could expose that name are examined —
 * name collisions can only happen among them, so the answer for that name is the same as in the full catalog.
 */
export async function buildCatalog(rq: GatewayRequest, opts: { forToolName?: string } = {}): Promise<Catalog> {
  const rows = await listEnabledMcpServersForUser(rq.handle.db, rq.principal.user.id);
  // Examined in parallel; results keep the oldest-first order that decides collisions.
  const examined = await Promise.all(rows.map((r) => examine(rq, r.server, r.selected, opts.forToolName)));
  const byName = new Map<string, ExposedTool>();
  const tools: ExposedTool[] = [];
  const skipped: SkippedTool[] = [];
  for (const { entry, tools: upstream } of examined) {
    if (entry.state.kind !== "available" || !entry.target) continue;
    const withTarget = entry as ServerEntry & { target: PoolTarget };
    let count = 0;
    for (const tool of upstream) {
      if (!isToolAllowed(entry.server, tool.name)) continue;
      const name = exposedToolName(entry.server.toolPrefix, tool.name);
      const holder = name === STATUS_TOOL_NAME ? "Switchboard itself" : byName.get(name)?.entry.server.displayName;
      if (holder) {
        skipped.push({
          serverId: entry.server.id,
          server: entry.server.displayName,
          tool: tool.name,
          exposedAs: name,
          reason: `The name ${name} is already taken by ${holder}; rename the prefix of one of the servers to expose both.`,
        });
        continue;
      }
      const { execution: _taskSupport, ...rest } = tool;
      void _taskSupport;
      const listed: Tool = {
        ...rest,
        name,
        inputSchema: entry.server.modelIntent
          ? (wrapInputSchema(tool.inputSchema) as Tool["inputSchema"])
          : tool.inputSchema,
      };
      const exposed: ExposedTool = { name, entry: withTarget, upstream: tool, listed };
      byName.set(name, exposed);
      tools.push(exposed);
      count++;
    }
    entry.state = { kind: "available", toolCount: count };
  }
  return { servers: examined.map((e) => e.entry), tools, byName, skipped };
}
