// Placeholder MCP service for /api/mcp until the gateway lands: a stateless server with one `whoami` tool.
import "server-only";
import { McpServer, createMcpHandler, type McpHttpHandler, type McpRequestContext } from "@modelcontextprotocol/server";
import type { Principal } from "@/lib/auth/principal";
import type { McpCaller } from "@/lib/oauth-server/protect";

function callerOf(ctx: McpRequestContext): Principal | undefined {
  return ctx.authInfo?.extra?.principal as Principal | undefined;
}

function whoamiServer(ctx: McpRequestContext): McpServer {
  const server = new McpServer({ name: "switchboard", version: "0.1.0" });
  server.registerTool(
    "whoami",
    {
      title: "Who am I",
      description: "Reports which Switchboard user and client this connection acts as.",
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async () => {
      const caller = callerOf(ctx);
      if (!caller) return { isError: true, content: [{ type: "text", text: "Not authenticated." }] };
      const via = caller.via;
      const identity = {
        userId: caller.user.id,
        email: caller.user.email,
        name: caller.user.name,
        role: caller.user.role,
        via: via.kind,
        ...(via.kind === "oauth" ? { clientId: via.clientId, scopes: via.scopes } : {}),
        ...(via.kind === "pat" ? { tokenId: via.tokenId } : {}),
      };
      return { content: [{ type: "text", text: JSON.stringify(identity) }], structuredContent: identity };
    },
  );
  return server;
}

const key = Symbol.for("switchboard.whoami-mcp");
const holder = globalThis as { [key]?: McpHttpHandler };

/** Serves one MCP request for an authenticated caller (the gateway replaces this module). */
export function serveWhoamiMcp(req: Request, caller: McpCaller): Promise<Response> {
  holder[key] ??= createMcpHandler(whoamiServer, { legacy: "stateless" });
  const principal: Principal = { user: caller.user, via: caller.via };
  return holder[key].fetch(req, { authInfo: { ...caller.authInfo, extra: { ...caller.authInfo.extra, principal } } });
}
