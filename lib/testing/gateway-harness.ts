// Test harness for the gateway: serves createGateway() with the app's real credential functions on a loopback port
// (PAT-authenticated, like /api/mcp), with its own pool and caches.
import type { DbHandle } from "@/lib/db/connect";
import type { User } from "@/lib/db/schema";
import { insertUser } from "@/lib/db/queries/users";
import { createPersonalAccessToken, verifyPersonalAccessToken } from "@/lib/auth/personal-access-tokens";
import { serveFetch } from "@/e2e/fixtures/upstreams/node-http";
import { UpstreamPool } from "@/lib/upstream/pool";
import { ToolListCache } from "@/lib/upstream/tool-lists";
import { createGateway } from "@/lib/gateway/mcp-handler";
import { flushToolCallAudits } from "@/lib/gateway/audit";
import { markNeedsReconnect, resolveUpstreamCredentials } from "@/lib/auth-types/credentials";
import type { GatewayDeps } from "@/lib/gateway/context";
import { randomBytes } from "node:crypto";

export interface GatewayHarness {
  url: string;
  mcpUrl: string;
  deps: GatewayDeps;
  /** The MCP-Protocol-Version header of every request served (undefined for a 2025-era initialize). */
  protocolVersions: Array<string | undefined>;
  /** markNeedsReconnect calls, in order. */
  reconnectMarks: Array<{ userId: string; serverId: string }>;
  /** Audit rows are written behind the response: wait for them before reading the audit log. */
  flushAudits(): Promise<void>;
  close(): Promise<void>;
}

export async function startGatewayHarness(
  handle: DbHandle,
  overrides: Partial<GatewayDeps> = {},
): Promise<GatewayHarness> {
  const reconnectMarks: GatewayHarness["reconnectMarks"] = [];
  const protocolVersions: GatewayHarness["protocolVersions"] = [];
  const toolLists = new ToolListCache();
  const pool = new UpstreamPool({
    onToolListChanged: (id) => toolLists.invalidateServer(id),
    connectTimeoutMs: 10_000,
  });
  const deps: GatewayDeps = {
    getHandle: async () => handle,
    resolveCredentials: resolveUpstreamCredentials,
    markNeedsReconnect: async (h, userId, serverId, rejected) => {
      reconnectMarks.push({ userId, serverId });
      await markNeedsReconnect(h, userId, serverId, rejected);
    },
    pool,
    toolLists,
    panelUrl: (path) => new URL(path, "http://localhost:3999").toString(),
    callTimeoutMs: 60_000,
    listTimeoutMs: 10_000,
    pageSize: 100,
    ...overrides,
  };
  const gateway = createGateway(deps);
  const server = await serveFetch(async (req) => {
    if (new URL(req.url).pathname !== "/mcp") return new Response("not found", { status: 404 });
    protocolVersions.push(req.headers.get("mcp-protocol-version") ?? undefined);
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
    const found = token ? await verifyPersonalAccessToken(handle.db, token) : undefined;
    if (!found)
      return Response.json(
        { error: { code: "unauthorized", message: "no" } },
        { status: 401, headers: { "www-authenticate": "Bearer" } },
      );
    return gateway(req, { user: found.user, via: { kind: "pat", tokenId: found.tokenId } });
  });
  return {
    url: server.url,
    mcpUrl: `${server.url}/mcp`,
    deps,
    protocolVersions,
    reconnectMarks,
    flushAudits: () => flushToolCallAudits(handle.db),
    close: async () => {
      await deps.pool.closeAll();
      await server.close();
    },
  };
}

/** A member (or admin) with a fresh personal access token. */
export async function createTestCaller(
  handle: DbHandle,
  role: "admin" | "member" = "member",
): Promise<{ user: User; token: string }> {
  const user = await insertUser(handle.db, {
    email: `caller-${randomBytes(5).toString("hex")}@example.test`,
    name: "Test Caller",
    passwordHash: null,
    role,
  });
  const { token } = await createPersonalAccessToken(handle.db, user!.id, "gateway-test", 1);
  return { user: user!, token };
}
