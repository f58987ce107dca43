// Identity headers through the gateway: every upstream request carries a freshly signed X-Switchboard-Identity, and
// that per-request token does not defeat the connection pool or the tool-list cache.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLocalJWKSet, jwtVerify } from "jose";
import { describeEachDriver } from "@/lib/testing/databases";
import { startToolsServer, type ToolsServer } from "@/e2e/fixtures/upstreams/tools-server";
import { createTestCaller, startGatewayHarness, type GatewayHarness } from "@/lib/testing/gateway-harness";
import { insertTestServer } from "@/lib/testing/gateway-rows";
import { connectTestClient, echoed } from "@/lib/testing/mcp-clients";
import { identityJwks } from "@/lib/upstream/identity-jwt";
import type { McpServer } from "@/lib/db/schema";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDriver("gateway identity headers", ({ handle }) => {
  let up: ToolsServer;
  let gw: GatewayHarness;
  let server: McpServer;

  beforeAll(async () => {
    up = await startToolsServer({ name: "identity-fixture" });
    gw = await startGatewayHarness(handle());
    server = await insertTestServer(handle().db, {
      slug: `ident-${Math.random().toString(36).slice(2, 6)}`,
      displayName: "Identity",
      url: up.mcpUrl,
      forwardIdentityHeaders: true,
    });
  });
  afterAll(async () => {
    await gw?.close();
    await up?.close();
  });

  it("reuses one upstream connection and one cached tool list per user, and signs a fresh identity token for every call", async () => {
    const { user, token } = await createTestCaller(handle());
    const jwks = createLocalJWKSet(await identityJwks(handle()));
    const client = await connectTestClient("v2 auto (2026-07-28)", gw.mcpUrl, token);
    try {
      const name = `${server.slug}__echo`;
      expect((await client.listTools()).map((t) => t.name)).toContain(name);
      expect((await client.listTools()).map((t) => t.name)).toContain(name);
      const issuedAt: number[] = [];
      for (let i = 0; i < 3; i++) {
        if (i > 0) await sleep(1100); // identity tokens carry whole seconds: make each call's iat distinguishable
        const before = Math.floor(Date.now() / 1000);
        const headers = echoed(await client.call(name, { message: `call ${i}` })).headers;
        expect(headers["x-switchboard-user-id"]).toBe(user.id);
        const { payload } = await jwtVerify(headers["x-switchboard-identity"]!, jwks, { audience: up.mcpUrl });
        expect(payload.sub).toBe(user.id);
        expect(payload.iat).toBeGreaterThanOrEqual(before);
        issuedAt.push(payload.iat!);
      }
      expect(new Set(issuedAt).size).toBe(3);
    } finally {
      await client.close();
    }
    // One connection for this (server, user), not one per request; the second tools/list came from the cache.
    expect(gw.deps.pool.size).toBe(1);
    const handshakes = up.seen.filter((r) => r.rpcMethod === "server/discover" || r.rpcMethod === "initialize");
    expect(handshakes.length).toBeLessThanOrEqual(2); // an era probe may precede the connection
    expect(up.seen.filter((r) => r.rpcMethod === "tools/list")).toHaveLength(1);
  });
});
