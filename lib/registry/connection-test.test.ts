import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDriver } from "@/lib/testing/databases";
import { createTestUser, sessionPrincipal } from "@/lib/testing/actors";
import { captureOutput } from "@/lib/testing/capture-output";
import { startToolsServer, type ToolsServer } from "@/e2e/fixtures/upstreams/tools-server";
import { startHeaderGuardedServer, type HeaderGuardedServer } from "@/e2e/fixtures/upstreams/header-guarded-server";
import { serveFetch, type ListeningServer } from "@/e2e/fixtures/upstreams/node-http";
import { createMcpHandler, Server } from "@modelcontextprotocol/server";
import { serverFieldsSchema } from "@/lib/server-input/schemas";
import { createServer } from "@/lib/registry/servers";
import { testServerConnection } from "@/lib/registry/connection-test";
import type { User } from "@/lib/db/schema";

const KEY = "SECRET-test-key-41d2";
const TENANT = "SECRET-tenant-8c0f";
const output = captureOutput();

let tools: ToolsServer;
let keyed: HeaderGuardedServer;
let tenant: HeaderGuardedServer;
let paged: ListeningServer;

/** An upstream that lists its 7 tools three per page (low-level Server: tools/list with nextCursor). */
async function startPagedServer(): Promise<ListeningServer> {
  const names = Array.from({ length: 7 }, (_, i) => `paged_${i + 1}`);
  const handler = createMcpHandler(
    () => {
      const server = new Server({ name: "paged-fixture", version: "1.0.0" }, { capabilities: { tools: {} } });
      server.setRequestHandler("tools/list", async (req) => {
        const start = Number(req.params?.cursor ?? 0);
        const page = names.slice(start, start + 3).map((name) => ({ name, inputSchema: { type: "object" as const } }));
        return { tools: page, ...(start + 3 < names.length ? { nextCursor: String(start + 3) } : {}) };
      });
      return server;
    },
    { legacy: "stateless" },
  );
  return serveFetch((req) => handler.fetch(req));
}

beforeAll(async () => {
  paged = await startPagedServer();
  tools = await startToolsServer({ extraTools: 2 });
  keyed = await startHeaderGuardedServer({ required: { "x-api-key": KEY } });
  tenant = await startHeaderGuardedServer({ required: { "x-tenant": TENANT, "x-region": "eu" } });
});
afterAll(async () => {
  await Promise.all([tools?.close(), keyed?.close(), tenant?.close(), paged?.close()]);
});

const slug = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 8)}`;

describeEachDriver("connection test", ({ handle, db }) => {
  let admin: User;
  beforeAll(async () => {
    admin = await createTestUser(db(), "admin");
  });
  const create = (fields: Record<string, unknown>) =>
    createServer(
      handle(),
      sessionPrincipal(admin),
      serverFieldsSchema.parse({ displayName: "T", slug: slug("t"), ...fields }),
    );

  it("lists every tool and previews exposure: prefix, allow list, deny list (deny wins)", async () => {
    const server = await create({
      url: tools.mcpUrl,
      toolAllowList: ["echo", "add", "tool_1"],
      toolDenyList: ["add"],
      toolPrefix: "demo",
    });
    const result = await testServerConnection(handle(), admin, server);
    expect(result).toMatchObject({ ok: true, serverInfo: { name: "tools-fixture" }, era: "modern" });
    if (!result.ok) return;
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.protocolVersion).toBeTruthy();
    const byName = Object.fromEntries(result.tools.map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(["add", "count", "echo", "fail", "sleep", "tool_1", "tool_2"]);
    expect(byName.echo).toMatchObject({ exposedAs: "demo__echo", exposed: true, reason: null });
    expect(byName.add).toMatchObject({ exposedAs: "demo__add", exposed: false, reason: "In the deny list." });
    expect(byName.tool_2).toMatchObject({ exposed: false, reason: "Not in the allow list." });
    const unprefixed = await create({ url: tools.mcpUrl, toolPrefix: "" });
    const plain = await testServerConnection(handle(), admin, unprefixed);
    expect(plain.ok && plain.tools.every((t) => t.exposed && t.exposedAs === t.name)).toBe(true);
  });

  it("follows nextCursor to list every tool", async () => {
    const server = await create({ url: `${paged.url}/mcp` });
    const result = await testServerConnection(handle(), admin, server);
    expect(result.ok && result.tools.map((t) => t.name)).toEqual([
      "paged_1",
      "paged_2",
      "paged_3",
      "paged_4",
      "paged_5",
      "paged_6",
      "paged_7",
    ]);
  });

  it("sends the configured API key or custom headers, and reports a refused key readably without echoing it", async () => {
    const good = await create({ url: keyed.mcpUrl, authType: "api_key", apiKeyHeader: "X-API-Key", apiKeyValue: KEY });
    expect((await testServerConnection(handle(), admin, good)).ok).toBe(true);
    const wrong = await create({
      url: keyed.mcpUrl,
      authType: "api_key",
      apiKeyHeader: "X-API-Key",
      apiKeyValue: `${KEY}-wrong`,
    });
    const refused = await testServerConnection(handle(), admin, wrong);
    expect(refused).toMatchObject({
      ok: false,
      kind: "unauthorized",
      reason: expect.stringMatching(/401.*Check the configured credentials/),
    });
    const headers = await create({
      url: tenant.mcpUrl,
      authType: "custom_headers",
      customHeaders: { "X-Tenant": TENANT, "X-Region": "eu" },
    });
    expect((await testServerConnection(handle(), admin, headers)).ok).toBe(true);
    expect(JSON.stringify(refused) + output.text()).not.toContain(KEY);
    expect(output.text()).not.toContain(TENANT);
  });

  it("explains what the admin must do for per-user auth types, and what failed for broken upstreams", async () => {
    const oauth = await create({
      url: tools.mcpUrl,
      authType: "oauth2",
      oauth2ClientId: "c",
      oauth2AuthUrl: "https://as.example.com/a",
      oauth2TokenUrl: "https://as.example.com/t",
    });
    expect(await testServerConnection(handle(), admin, oauth)).toMatchObject({
      ok: false,
      kind: "needs_connect",
      reason: expect.stringMatching(/not connected: connect it first/),
    });
    const sso = await create({ url: tools.mcpUrl, authType: "user_oidc" });
    expect(await testServerConnection(handle(), admin, sso)).toMatchObject({
      ok: false,
      kind: "needs_oidc_sign_in",
      reason: expect.stringMatching(/identity provider/),
    });
    const down = await create({ url: "http://127.0.0.1:1/mcp" });
    expect(await testServerConnection(handle(), admin, down)).toMatchObject({
      ok: false,
      kind: "unreachable",
      reason: expect.stringMatching(/could not be reached/),
    });
    const notMcp = await create({ url: `${tools.url}/not-mcp` });
    expect(await testServerConnection(handle(), admin, notMcp)).toMatchObject({
      ok: false,
      kind: "not_mcp",
      reason: expect.stringMatching(/does not look like an MCP server/),
    });
  });
});
