// The tool surface through real clients of both eras: names, prefixes, collisions, long names, pass-through of
// definitions and results, model intent (asserting what the upstream received), pagination, and each auth type's
// headers upstream — never the caller's own Switchboard token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDriver } from "@/lib/testing/databases";
import { startToolsServer, type ToolsServer } from "@/e2e/fixtures/upstreams/tools-server";
import { startPagedServer, type PagedServer } from "@/e2e/fixtures/upstreams/paged-server";
import { createTestCaller, startGatewayHarness, type GatewayHarness } from "@/lib/testing/gateway-harness";
import { insertTestServer, connectTestAccount } from "@/lib/testing/gateway-rows";
import { CLIENT_KINDS, connectTestClient, echoed, type ListedTool } from "@/lib/testing/mcp-clients";
import { sealSecret } from "@/lib/crypto/instance-secrets";
import { listAuditEvents } from "@/lib/db/queries/audit-events";
import type { McpServer } from "@/lib/db/schema";
import type { StatusReport } from "@/lib/gateway/status";
import { createLocalJWKSet, jwtVerify } from "jose";
import { identityJwks } from "@/lib/upstream/identity-jwt";

const LONG = "a_really_long_tool_name_that_keeps_going_well_beyond_what_clients_accept";

describeEachDriver("gateway tool surface", ({ handle }) => {
  let upA: ToolsServer;
  let upB: ToolsServer;
  let keyUp: ToolsServer;
  let paged: PagedServer;
  let gw: GatewayHarness;
  const s: Record<string, McpServer> = {};
  const tag = Math.random().toString(36).slice(2, 6);
  const slug = (n: string) => `${n}-${tag}`;

  beforeAll(async () => {
    upA = await startToolsServer({ name: "alpha-fixture", longToolName: LONG });
    upB = await startToolsServer({ name: "beta-fixture" });
    keyUp = await startToolsServer({ requireHeader: { name: "x-api-key", value: "k-secret-123" } });
    paged = await startPagedServer({ tools: 250, pageSize: 40 });
    gw = await startGatewayHarness(handle());
    const db = handle().db;
    const add = async (key: string, v: Partial<McpServer> & { url: string }) => {
      s[key] = await insertTestServer(db, { slug: slug(key), displayName: `Server ${key}`, ...v });
    };
    await add("alpha", { url: upA.mcpUrl });
    await add("beta", { url: upB.mcpUrl, toolPrefix: slug("alpha") });
    await add("bare", { url: upA.mcpUrl, toolPrefix: "", toolAllowList: ["echo", "add"] });
    await add("intent", { url: upA.mcpUrl, modelIntent: true, toolAllowList: ["echo"] });
    await add("paged", { url: paged.mcpUrl });
    await add("apikey", {
      url: keyUp.mcpUrl,
      authType: "api_key",
      apiKeyHeader: "X-Api-Key",
      apiKeyValueEncrypted: sealSecret("k-secret-123"),
      toolAllowList: ["echo"],
    });
    await add("custom", {
      url: upA.mcpUrl,
      authType: "custom_headers",
      customHeadersEncrypted: sealSecret(JSON.stringify({ "X-Team": "blue", "X-Deploy-Secret": "s3cr3t" })),
      customHeaderNames: ["X-Team", "X-Deploy-Secret"],
      forwardIdentityHeaders: true,
      toolAllowList: ["echo"],
    });
    await add("oauth", { url: upB.mcpUrl, authType: "oauth2", toolAllowList: ["echo"] });
  });
  afterAll(async () => {
    await gw?.close();
    await Promise.all([upA?.close(), upB?.close(), keyUp?.close(), paged?.close()]);
  });

  async function caller() {
    const c = await createTestCaller(handle());
    await connectTestAccount(handle().db, {
      userId: c.user.id,
      serverId: s.oauth!.id,
      accessToken: "user-oauth-token",
    });
    return c;
  }

  for (const kind of CLIENT_KINDS) {
    describe(kind, () => {
      let tools: ListedTool[];
      let token: string;
      let userId: string;
      const byName = (n: string) => tools.find((t) => t.name === n);

      beforeAll(async () => {
        const c = await caller();
        token = c.token;
        userId = c.user.id;
        const client = await connectTestClient(kind, gw.mcpUrl, token);
        tools = await client.listTools();
        await client.close();
      });

      it("prefixes names with the server's prefix, exposes unprefixed names for an empty prefix, and lists every page of a long upstream", () => {
        expect(byName(`${slug("alpha")}__echo`)).toBeDefined();
        expect(byName("echo")).toBeDefined();
        expect(byName("add")).toBeDefined();
        expect(byName("sleep")).toBeUndefined();
        const pagedNames = tools.filter((t) => t.name.startsWith(`${slug("paged")}__`));
        expect(pagedNames).toHaveLength(250);
        expect(pagedNames.at(-1)!.name).toBe(`${slug("paged")}__item_0250`);
        expect(new Set(tools.map((t) => t.name)).size).toBe(tools.length);
      });

      it("passes titles, descriptions, schemas and annotations through unchanged", () => {
        const echo = byName(`${slug("alpha")}__echo`)!;
        expect(echo.title).toBe("Echo");
        expect(echo.description).toBe("Returns its arguments and the headers this server received.");
        expect(echo.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
        expect(echo.inputSchema).toMatchObject({
          type: "object",
          properties: { message: { type: "string" } },
          required: ["message"],
        });
        expect(byName(`${slug("alpha")}__add`)!.outputSchema).toMatchObject({
          type: "object",
          properties: { sum: { type: "number" } },
        });
      });

      it("shortens a long name to 64 characters and still calls it", async () => {
        const long = tools.find((t) => t.name.startsWith(`${slug("alpha")}__a_really_long`))!;
        expect(long.name.length).toBe(64);
        const client = await connectTestClient(kind, gw.mcpUrl, token);
        try {
          expect((await client.call(long.name)).content[0]!.text).toBe(LONG);
        } finally {
          await client.close();
        }
      });

      it("keeps a colliding name for the older server and reports the newer server's tool as skipped", async () => {
        const client = await connectTestClient(kind, gw.mcpUrl, token);
        try {
          const before = upB.seen.filter((r) => r.rpcMethod === "tools/call").length;
          await client.call(`${slug("alpha")}__echo`, { message: "who" });
          expect(upB.seen.filter((r) => r.rpcMethod === "tools/call").length).toBe(before);
          const status = (await client.call("switchboard__status")).structuredContent as unknown as StatusReport;
          const skipped = status.skippedTools.filter((t) => t.server === "Server beta");
          expect(skipped.map((t) => t.tool).sort()).toEqual(["add", "count", "echo", "fail", "sleep"]);
          expect(skipped[0]!.reason).toMatch(/already taken by Server alpha/);
        } finally {
          await client.close();
        }
      });

      it("returns results unchanged: content, structuredContent and isError", async () => {
        const client = await connectTestClient(kind, gw.mcpUrl, token);
        try {
          const sum = await client.call(`${slug("alpha")}__add`, { a: 2, b: 40 });
          expect(sum.structuredContent).toEqual({ sum: 42 });
          expect(sum.content).toEqual([{ type: "text", text: "42" }]);
          const failed = await client.call(`${slug("alpha")}__fail`);
          expect(failed.isError).toBe(true);
          expect(failed.content).toEqual([{ type: "text", text: "the fixture failed on purpose" }]);
        } finally {
          await client.close();
        }
      });

      it("wraps model-intent schemas; both argument forms reach the upstream without model_intent, and the intent is audited", async () => {
        const name = `${slug("intent")}__echo`;
        const schema = byName(name)!.inputSchema as { properties: Record<string, unknown>; required: string[] };
        expect(schema.required).toEqual(["model_intent", "properties"]);
        expect(schema.properties.properties).toMatchObject({ properties: { message: { type: "string" } } });
        const client = await connectTestClient(kind, gw.mcpUrl, token);
        try {
          const wrapped = echoed(
            await client.call(name, { model_intent: "check the wrapped form", properties: { message: "w" } }),
          );
          const flat = echoed(await client.call(name, { model_intent: "check the flat form", message: "f" }));
          expect(wrapped.args).toEqual({ message: "w" });
          expect(flat.args).toEqual({ message: "f" });
          // What arrived on the wire (the fixture's schema would silently strip unknown keys from `args`).
          const sent = upA.seen
            .filter((r) => r.rpcMethod === "tools/call")
            .map((r) => r.rpcParams?.arguments as Record<string, unknown>);
          expect(sent).toContainEqual({ message: "w" });
          expect(sent).toContainEqual({ message: "f" });
          expect(sent.some((a) => "model_intent" in a || "properties" in a)).toBe(false);
        } finally {
          await client.close();
        }
        await gw.flushAudits();
        const { events } = await listAuditEvents(handle().db, { actorId: userId, serverId: s.intent!.id, limit: 10 });
        expect(events.map((e) => e.details.intent).sort()).toEqual(["check the flat form", "check the wrapped form"]);
        expect(events.every((e) => e.outcome === "ok" && e.tool === name && typeof e.durationMs === "number")).toBe(
          true,
        );
      });

      it("sends each auth type's headers upstream, identity headers where enabled, and never the caller's Switchboard token", async () => {
        const client = await connectTestClient(kind, gw.mcpUrl, token);
        try {
          const key = echoed(await client.call(`${slug("apikey")}__echo`, { message: "k" })).headers;
          expect(key["x-api-key"]).toBe("k-secret-123");
          expect(key.authorization).toBeUndefined();
          const custom = echoed(await client.call(`${slug("custom")}__echo`, { message: "c" })).headers;
          expect(custom).toMatchObject({
            "x-team": "blue",
            "x-deploy-secret": "s3cr3t",
            "x-switchboard-user-id": userId,
          });
          // The identity headers verify: a JWT signed with the key Switchboard publishes, for this upstream only.
          const { payload } = await jwtVerify(
            custom["x-switchboard-identity"]!,
            createLocalJWKSet(await identityJwks(handle())),
            { audience: upA.mcpUrl },
          );
          expect(payload.sub).toBe(userId);
          expect(payload.email).toBe(custom["x-switchboard-user-email"]);
          const oauth = echoed(await client.call(`${slug("oauth")}__echo`, { message: "o" })).headers;
          expect(oauth.authorization).toBe("Bearer user-oauth-token");
          const none = echoed(await client.call(`${slug("alpha")}__echo`, { message: "n" })).headers;
          expect(none.authorization).toBeUndefined();
          expect(none["x-switchboard-user-id"]).toBeUndefined();
          expect(none["x-switchboard-identity"]).toBeUndefined();
          for (const h of [key, custom, oauth, none]) expect(JSON.stringify(h)).not.toContain(token);
        } finally {
          await client.close();
        }
        const everything = [...upA.seen, ...upB.seen, ...keyUp.seen];
        expect(everything.some((r) => JSON.stringify(r.headers).includes(token))).toBe(false);
      });
    });
  }

  it("pages the union with opaque cursors (a 2025-era client sees each page)", async () => {
    const { token } = await caller();
    const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
    const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
    const client = new Client({ name: "pager", version: "1" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(gw.mcpUrl), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    try {
      const first = await client.listTools();
      expect(first.tools).toHaveLength(100);
      expect(first.tools[0]!.name).toBe("switchboard__status");
      expect(first.nextCursor).toBeTruthy();
      const second = await client.listTools({ cursor: first.nextCursor! });
      expect(second.tools[0]!.name).not.toBe(first.tools[99]!.name);
      await expect(client.listTools({ cursor: "not-a-cursor" })).rejects.toThrow(/Invalid cursor/);
    } finally {
      await client.close();
    }
  });
});
