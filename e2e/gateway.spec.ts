// The gateway end to end in the built app: an admin registers two servers in the panel, a member connects the OAuth
// one, a real MCP client (OAuth through the consent page) lists both servers' tools and calls them with the member's
// own credentials; the admin takes one server out of plan mode; the calls show up in the audit log with filters.
import type { Browser } from "@playwright/test";
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from "@modelcontextprotocol/client";
import { test, expect, adminApi, createUser, signInAs, unique, env } from "./test";
import { ServersPage } from "./pages/servers-page";
import { ConnectionsPage, signInAtUpstream } from "./pages/connections-page";
import { AuditPage } from "./pages/audit-page";
import { approveInBrowser, startCallbackServer } from "./fixtures/oauth-browser";
import { MemoryOAuthProvider } from "./fixtures/sdk-oauth-provider";
import { startOAuthUpstreamProcess, startToolsProcess, type OAuthUpstreamProcess } from "./fixtures/upstream-processes";
import type { Service } from "./fixtures/service";

let oauthUpstream: OAuthUpstreamProcess;
let tools: Service & { mcpUrl: string };

test.beforeAll(async () => {
  [oauthUpstream, tools] = await Promise.all([
    startOAuthUpstreamProcess({ name: "e2e-gateway-oauth" }),
    startToolsProcess({ name: "e2e-gateway-tools" }),
  ]);
});
test.afterAll(async () => {
  await Promise.all([oauthUpstream?.stop(), tools?.stop()]);
});

const mcpUrl = (query = "") => `${env("E2E_BASE_URL")}/api/mcp${query}`;
const text = (r: unknown) => (r as { content: Array<{ text: string }> }).content[0]!.text;

/** A member signed in in their own browser context. */
async function memberSession(browser: Browser) {
  const admin = await adminApi();
  const member = await createUser(admin, "member");
  await admin.dispose();
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInAs(page, member.email, member.password);
  return { member, page, close: () => context.close() };
}

/** An SDK v2 client authorised by the member through Switchboard's own consent page. */
async function authorisedClient(browser: Browser, user: { email: string; password: string }) {
  const callback = await startCallbackServer();
  try {
    const provider = new MemoryOAuthProvider(callback.url, "Gateway e2e client");
    const probe = new Client({ name: "gateway-e2e", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
    const transport = new StreamableHTTPClientTransport(new URL(mcpUrl()), { authProvider: provider as never });
    await expect(probe.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
    await approveInBrowser(browser, provider.authorizationUrl!.href, user);
    await transport.finishAuth(await callback.params);
    return async (query = "") => {
      const client = new Client({ name: "gateway-e2e", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(mcpUrl(query)), { authProvider: provider as never }),
      );
      return client;
    };
  } finally {
    await callback.close();
  }
}

test("register two servers, connect one, call through an OAuth client, take one out of plan mode, audit", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const tag = unique("gw").toLowerCase();
  const servers = new ServersPage(page);
  const toolsName = `Tools ${tag}`;
  const oauthName = `OAuth ${tag}`;
  const toolsId = await servers.create({ displayName: toolsName, slug: `${tag}-tools`, url: tools.mcpUrl });
  const oauthId = await servers.create({
    displayName: oauthName,
    slug: `${tag}-oauth`,
    url: oauthUpstream.mcpUrl,
    authType: "oauth2",
  });
  for (const id of [toolsId, oauthId]) {
    await servers.open(id);
    await page.getByLabel("Enabled").check();
    await page.getByLabel("Allow in plan mode (all tools of this server)").check();
    await servers.save();
  }

  const { member, page: memberPage, close } = await memberSession(browser);
  try {
    const connections = new ConnectionsPage(memberPage);
    await connections.goto();
    const popup = await connections.openConnectPopup(`${tag}-oauth`);
    const closed = popup.waitForEvent("close");
    await signInAtUpstream(popup, "gateway-erin");
    await closed;
    await expect(connections.badge(`${tag}-oauth`)).toHaveText("Connected");

    const connect = await authorisedClient(browser, member);
    const client = await connect();
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([`${tag}-tools__echo`, `${tag}-tools__add`, `${tag}-oauth__whoami`, `${tag}-oauth__echo`]),
    );
    // The member's own upstream account, not Switchboard's token, reaches the OAuth upstream.
    expect(text(await client.callTool({ name: `${tag}-oauth__whoami`, arguments: {} }))).toBe("gateway-erin");
    const sum = await client.callTool({ name: `${tag}-tools__add`, arguments: { a: 40, b: 2 } });
    expect(sum.structuredContent).toEqual({ sum: 42 });
    await client.close();

    const planned = await connect("?mode=plan");
    expect((await planned.listTools()).tools.map((t) => t.name)).toEqual(
      expect.arrayContaining([`${tag}-tools__echo`, `${tag}-oauth__whoami`]),
    );

    await servers.open(toolsId);
    await page.getByLabel("Allow in plan mode (all tools of this server)").uncheck();
    await servers.save();
    const afterwards = (await planned.listTools()).tools.map((t) => t.name);
    expect(afterwards).toContain(`${tag}-oauth__whoami`);
    expect(afterwards.some((n) => n.startsWith(`${tag}-tools__`))).toBe(false);
    await expect(planned.callTool({ name: `${tag}-tools__add`, arguments: { a: 1, b: 1 } })).rejects.toThrow(
      /not found/,
    );
    await planned.close();
  } finally {
    await close();
  }

  const audit = new AuditPage(page);
  await audit.goto();
  await audit.apply({ server: `${oauthName} (${tag}-oauth)`, tool: `${tag}-oauth__whoami`, outcome: "ok" });
  await expect(audit.rows()).toHaveCount(1);
  await expect(audit.rows().first()).toContainText(member.email);
  await expect(audit.rows().first()).toContainText(`on ${oauthName}`);
  await audit.apply({ server: `${toolsName} (${tag}-tools)`, tool: `${tag}-tools__add`, outcome: "denied" });
  await expect(audit.rows()).toHaveCount(0);
  await audit.apply({ tool: `${tag}-tools__add`, outcome: "denied" });
  await expect(audit.rows()).toHaveCount(1);
});
