// Serves /api/mcp for an authenticated principal: both protocol eras on one URL, stateless (any instance can answer
// any request), tools/list and tools/call over the governed union of upstream tools plus the status tool.
import "server-only";
import {
  createMcpHandler,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type AuthInfo,
} from "@modelcontextprotocol/server";
import type { Principal } from "@/lib/auth/principal";
import { viaLabel } from "@/lib/auth/principal";
import { clientIp } from "@/lib/audit/record";
import { log, describeError } from "@/lib/log";
import type { GatewayDeps, GatewayRequest } from "@/lib/gateway/context";
import { buildCatalog } from "@/lib/gateway/catalog";
import { callTool } from "@/lib/gateway/call";
import { InvalidCursorError, paginate } from "@/lib/gateway/pagination";
import { GatewayModeError, parseGatewayMode } from "@/lib/gateway/policy";
import { statusTool } from "@/lib/gateway/status";

export type GatewayHandler = (req: Request, principal: Principal) => Promise<Response>;

const SERVER_INFO = { name: "switchboard", title: "Switchboard", version: "0.1.0" };
const INSTRUCTIONS =
  "Switchboard aggregates the MCP servers your organisation approved, called with your own accounts. Tool names " +
  "are prefixed with their server. If a tool you expect is missing, call switchboard__status to learn why.";
const REQUEST_KEY = "switchboard.gatewayRequest";

function requestOf(authInfo: AuthInfo | undefined): GatewayRequest {
  const rq = authInfo?.extra?.[REQUEST_KEY] as GatewayRequest | undefined;
  if (!rq) throw new Error("gateway request context missing");
  return rq;
}

/** Unexpected failures become a generic JSON-RPC error: the SDK would otherwise put the raw message on the wire. */
function guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
  return fn().catch((err: unknown) => {
    if (err instanceof ProtocolError) throw err;
    log.error(`gateway ${what} failed`, { error: describeError(err) });
    throw new ProtocolError(ProtocolErrorCode.InternalError, `Switchboard could not complete ${what}; try again.`);
  });
}

function buildServer(rq: GatewayRequest): Server {
  const server = new Server(SERVER_INFO, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  server.setRequestHandler("tools/list", (req) =>
    guard("tools/list", async () => {
      const catalog = await buildCatalog(rq);
      const all = [statusTool, ...catalog.tools.map((t) => t.listed)];
      try {
        const { page, nextCursor } = paginate(all, req.params?.cursor, rq.deps.pageSize);
        return nextCursor ? { tools: page, nextCursor } : { tools: page };
      } catch (err) {
        if (err instanceof InvalidCursorError) throw new ProtocolError(ProtocolErrorCode.InvalidParams, err.message);
        throw err;
      }
    }),
  );
  server.setRequestHandler("tools/call", (req, ctx) =>
    guard("tools/call", () => callTool(rq, req.params, ctx, server)),
  );
  return server;
}

const json = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store", ...headers } });

export function createGateway(deps: GatewayDeps): GatewayHandler {
  const handler = createMcpHandler((ctx) => buildServer(requestOf(ctx.authInfo)), {
    legacy: "stateless",
    onerror: (err) => log.debug("mcp request rejected", { error: describeError(err) }),
  });
  return async (req, principal) => {
    // Stateless: there is no standalone SSE stream to GET and no session to DELETE.
    if (req.method !== "POST")
      return json(405, "method_not_allowed", "Use POST: this endpoint is stateless.", { allow: "POST" });
    let mode;
    try {
      mode = parseGatewayMode(req);
    } catch (err) {
      if (err instanceof GatewayModeError) return json(400, "bad_request", err.message);
      throw err;
    }
    const rq: GatewayRequest = { deps, handle: await deps.getHandle(), principal, mode, ip: clientIp(req.headers) };
    const authInfo: AuthInfo = {
      // The caller's own token stays out of everything the gateway touches (it is never sent upstream).
      token: "",
      clientId: viaLabel(principal.via),
      scopes: principal.via.kind === "oauth" ? principal.via.scopes : [],
      extra: { [REQUEST_KEY]: rq },
    };
    return handler.fetch(req, { authInfo });
  };
}
