import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startToolsServer, type ToolsServer } from "@/e2e/fixtures/upstreams/tools-server";
import { serveFetch, type ListeningServer } from "@/e2e/fixtures/upstreams/node-http";
import { connectUpstream, listAllTools, UpstreamError } from "@/lib/upstream/mcp-client";

let upstream: ToolsServer;
let denying: ListeningServer;

beforeAll(async () => {
  upstream = await startToolsServer({ extraTools: 3 });
  denying = await serveFetch(
    async () => new Response("nope", { status: 401, headers: { "www-authenticate": "Bearer" } }),
  );
});
afterAll(async () => {
  await upstream.close();
  await denying.close();
});

const failureOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e instanceof UpstreamError ? e.kind : `other: ${String(e)}`;
  }
  return "connected";
};

describe("upstream MCP client", () => {
  it("negotiates the current era with an SDK v2 server, lists every tool and sends exactly the given headers", async () => {
    const conn = await connectUpstream({
      url: upstream.mcpUrl,
      transport: "streamable_http",
      headers: { "x-api-key": "k-123" },
    });
    try {
      expect(conn.era).toBe("modern");
      expect(conn.serverInfo?.name).toBe("tools-fixture");
      const tools = await listAllTools(conn);
      expect(tools.map((t) => t.name).sort()).toEqual([
        "add",
        "count",
        "echo",
        "fail",
        "sleep",
        "tool_1",
        "tool_2",
        "tool_3",
      ]);
      const result = await conn.client.callTool({ name: "echo", arguments: { message: "hi" } });
      const body = JSON.parse((result.content as Array<{ text: string }>)[0]!.text) as {
        args: unknown;
        headers: Record<string, string>;
      };
      expect(body.args).toEqual({ message: "hi" });
      expect(body.headers["x-api-key"]).toBe("k-123");
    } finally {
      await conn.close();
    }
  });

  it("reports a 401 as unauthorized, a wrong path as not an MCP server, a closed port as unreachable", async () => {
    expect(
      await failureOf(connectUpstream({ url: `${denying.url}/mcp`, transport: "streamable_http", headers: {} })),
    ).toBe("unauthorized");
    expect(
      await failureOf(
        connectUpstream({ url: `${upstream.url}/nothing-here`, transport: "streamable_http", headers: {} }),
      ),
    ).toBe("not_mcp");
    expect(
      await failureOf(connectUpstream({ url: "http://127.0.0.1:1/mcp", transport: "streamable_http", headers: {} })),
    ).toBe("unreachable");
    expect(
      await failureOf(
        connectUpstream({ url: "http://169.254.169.254/mcp", transport: "streamable_http", headers: {} }),
      ),
    ).toBe("blocked");
  });
});
