// The MCP endpoint: origin check → bearer authentication (lib/oauth-server/protect) → the gateway (lib/gateway).
import { mcpCorsHeaders, originOrHostRejection, protectMcpRequest } from "@/lib/oauth-server/protect";
import { appGateway } from "@/lib/gateway/instance";
import { log, describeError } from "@/lib/log";

export const dynamic = "force-dynamic";

async function handle(req: Request): Promise<Response> {
  const caller = await protectMcpRequest(req);
  if (caller instanceof Response) return caller;
  try {
    const res = await appGateway()(req, { user: caller.user, via: caller.via });
    const cors = mcpCorsHeaders(req);
    if (Object.keys(cors).length === 0) return res;
    const headers = new Headers(res.headers);
    for (const [k, v] of Object.entries(cors)) headers.set(k, v);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  } catch (err) {
    log.error("mcp request failed", { error: describeError(err) });
    return Response.json(
      { jsonrpc: "2.0", error: { code: -32603, message: "Internal error" }, id: null },
      { status: 500 },
    );
  }
}

export const GET = handle;
export const POST = handle;
export const DELETE = handle;

export function OPTIONS(req: Request): Response {
  return originOrHostRejection(req) ?? new Response(null, { status: 204, headers: mcpCorsHeaders(req) });
}
