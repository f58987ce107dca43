import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { test, expect, adminApi, createUser, signInAs, unique, env } from "./test";
import { ServersPage } from "./pages/servers-page";
import {
  startHeaderGuardedProcess,
  startOAuthUpstreamProcess,
  startToolsProcess,
  type GuardedProcess,
  type OAuthUpstreamProcess,
} from "./fixtures/upstream-processes";
import type { Service } from "./fixtures/service";

// Recognisable secrets: every API response body and the app's log are scanned for them.
const SECRETS = { apiKey: `SECRET-e2e-key-${unique("k")}`, tenant: `SECRET-e2e-tenant-${unique("t")}` };

let oauth: OAuthUpstreamProcess;
let keyed: GuardedProcess;
let tenant: GuardedProcess;
let tools: Service & { mcpUrl: string };
const apiBodies: string[] = [];

test.beforeAll(async () => {
  [oauth, keyed, tenant, tools] = await Promise.all([
    startOAuthUpstreamProcess({ name: "e2e-oauth-registry" }),
    startHeaderGuardedProcess({ "x-api-key": SECRETS.apiKey }, "e2e-keyed"),
    startHeaderGuardedProcess({ "x-tenant": SECRETS.tenant }, "e2e-tenant"),
    startToolsProcess({ name: "e2e-tools", extraTools: 2 }),
  ]);
});

test.afterAll(async () => {
  await Promise.all([oauth?.stop(), keyed?.stop(), tenant?.stop(), tools?.stop()]);
  const log = readFileSync(path.join(env("E2E_DATA_DIR"), "app.log"), "utf8");
  for (const secret of Object.values(SECRETS)) {
    expect(log, "the app log must never contain a secret").not.toContain(secret);
    for (const body of apiBodies) expect(body, "no API response may contain a secret").not.toContain(secret);
  }
});

function recordApiBodies(page: Page) {
  page.on("response", async (res) => {
    if (!new URL(res.url()).pathname.startsWith("/api/")) return;
    apiBodies.push(await res.text().catch(() => ""));
  });
}

test("an admin registers servers of all five auth types in the panel", async ({ page }) => {
  recordApiBodies(page);
  const servers = new ServersPage(page);
  const tag = unique("all");
  const made = {
    none: await servers.create({ displayName: `Tools ${tag}`, slug: `${tag}-none`, url: tools.mcpUrl }),
    api_key: await servers.create({
      displayName: `Keyed ${tag}`,
      slug: `${tag}-key`,
      url: keyed.mcpUrl,
      authType: "api_key",
      apiKeyHeader: "X-API-Key",
      apiKeyValue: SECRETS.apiKey,
    }),
    custom_headers: await servers.create({
      displayName: `Tenant ${tag}`,
      slug: `${tag}-hdr`,
      url: tenant.mcpUrl,
      authType: "custom_headers",
      customHeaders: [
        ["X-Tenant", SECRETS.tenant],
        ["X-Region", "eu"],
      ],
    }),
  };
  const oauthId = await servers.create({
    displayName: `OAuth ${tag}`,
    slug: `${tag}-oauth`,
    url: oauth.mcpUrl,
    authType: "oauth2",
  });
  // Discovery registered a real client at the real authorization server, with this server's callback URL.
  await expect(page.getByText("Authorization server", { exact: true })).toBeVisible();
  await expect(page.getByText(oauth.issuer)).toBeVisible();
  const stats = await oauth.stats();
  expect(stats.registrations).toBeGreaterThanOrEqual(1);
  await servers.create({ displayName: `SSO ${tag}`, slug: `${tag}-sso`, url: tools.mcpUrl, authType: "user_oidc" });
  expect(oauthId).toMatch(/^[0-9a-f-]{36}$/);

  // The stored secrets work: the guarded upstreams accept the test connections.
  await servers.open(made.api_key);
  await servers.testConnection();
  await expect(page.getByTestId("test-success")).toBeVisible();
  await servers.open(made.custom_headers);
  await expect(page.getByLabel("Header 1 name")).toHaveValue("X-Tenant");
  await expect(page.getByLabel("Header 1 value")).toHaveValue("");
  await servers.testConnection();
  await expect(page.getByTestId("test-success")).toBeVisible();

  await servers.gotoList();
  const labels: Array<[string, string]> = [
    ["none", "No auth"],
    ["key", "API key"],
    ["hdr", "Custom headers"],
    ["oauth", "OAuth"],
    ["sso", "Single sign-on"],
  ];
  for (const [type, label] of labels) {
    await expect(servers.row(`${tag}-${type}`)).toContainText(label);
    await expect(servers.row(`${tag}-${type}`)).toContainText("Disabled");
  }
});

test("invalid input shows the API's field errors inline and stores nothing", async ({ page }) => {
  recordApiBodies(page);
  const tag = unique("bad");
  await page.goto("/servers/new");
  await page.getByLabel("Display name").fill(`Bad ${tag}`);
  await page.getByLabel("Slug").fill(tag);
  await page.getByLabel("Server URL").fill("https://mcp.example.com/mcp");
  await page.getByLabel("Auth type").selectOption({ label: "OAuth 2 (each user connects their account)" });
  await page.getByLabel("Enter manually").check();
  await page.getByLabel("Client ID").fill("only-the-id");
  await page.getByRole("button", { name: "Create server" }).click();
  await expect(page.getByText(/leave all three empty to discover them automatically/).first()).toBeVisible();
  await page.getByLabel("Auth type").selectOption({ label: "Custom headers (shared)" });
  await page.getByLabel("Header 1 name").fill("Host");
  await page.getByLabel("Header 1 value").fill("x");
  await page.getByRole("button", { name: "Create server" }).click();
  await expect(page.getByText("Host is set by the HTTP connection itself and cannot be configured.")).toBeVisible();
  const admin = await adminApi();
  const list = (await (await admin.get("/api/servers")).json()) as { servers: Array<{ slug: string }> };
  expect(list.servers.some((s) => s.slug === tag)).toBe(false);
  await admin.dispose();
});

test("toggling plan mode shows the badge; an edit without the secret keeps it", async ({ page }) => {
  recordApiBodies(page);
  const servers = new ServersPage(page);
  const slug = unique("plan");
  const id = await servers.create({
    displayName: `Plan ${slug}`,
    slug,
    url: keyed.mcpUrl,
    authType: "api_key",
    apiKeyHeader: "X-API-Key",
    apiKeyValue: SECRETS.apiKey,
  });
  await servers.gotoList();
  await expect(servers.row(slug)).not.toContainText("Plan mode");

  await servers.open(id);
  await expect(page.getByLabel("API key", { exact: true })).toHaveValue("");
  await expect(page.getByLabel("API key", { exact: true })).toHaveAttribute("placeholder", "Set — leave blank to keep");
  await page.getByLabel("Allow in plan mode (all tools of this server)").check();
  await page.getByLabel("Description").fill("Read-only tracker");
  const patch = page.waitForRequest((r) => r.method() === "PATCH" && r.url().endsWith(`/api/servers/${id}`));
  await servers.save();
  const sent = (await patch).postDataJSON() as Record<string, unknown>;
  expect(sent).toEqual({ description: "Read-only tracker", allowInPlanMode: true });

  await servers.gotoList();
  await expect(servers.row(slug)).toContainText("Plan mode");
  // The key was not resent, yet the upstream still accepts it.
  await servers.open(id);
  await servers.testConnection();
  await expect(page.getByTestId("test-success")).toBeVisible();
});

test("the connection test previews exactly what clients get, and reports failures readably", async ({ page }) => {
  recordApiBodies(page);
  const servers = new ServersPage(page);
  const slug = unique("preview");
  const id = await servers.create({
    displayName: `Preview ${slug}`,
    slug,
    url: tools.mcpUrl,
    denyList: ["add"],
    toolPrefix: "demo",
  });
  await servers.testConnection();
  await expect(page.getByTestId("test-success")).toContainText("e2e-tools");
  await expect(page.getByTestId("test-success")).toContainText("6 of 7 tools exposed");
  await expect(servers.previewRow("echo")).toContainText("demo__echo");
  await expect(servers.previewRow("echo")).toContainText("Exposed");
  await expect(servers.previewRow("add")).toContainText("Hidden: In the deny list.");

  const admin = await adminApi();
  const broken = await admin.post("/api/servers", {
    data: { displayName: "Down", slug: unique("down"), url: "http://127.0.0.1:1/mcp" },
  });
  expect(broken.status()).toBe(201);
  const down = (await broken.json()) as { id: string };
  const result = await admin.post(`/api/servers/${down.id}/test`);
  expect(result.status()).toBe(200);
  expect(await result.json()).toMatchObject({
    ok: false,
    kind: "unreachable",
    reason: expect.stringMatching(/could not be reached/),
  });
  const oauthId = (await (
    await admin.post("/api/servers", {
      data: { displayName: "O", slug: unique("o"), url: oauth.mcpUrl, authType: "oauth2" },
    })
  ).json()) as { id: string };
  expect(await (await admin.post(`/api/servers/${oauthId.id}/test`)).json()).toMatchObject({
    ok: false,
    kind: "needs_connect",
  });
  await admin.dispose();
  expect(id).toBeTruthy();
});

test("saving with nothing changed sends nothing; Discard changes restores the saved values; a failed save focuses the bad field", async ({
  page,
}) => {
  recordApiBodies(page);
  const servers = new ServersPage(page);
  const slug = unique("noop");
  const id = await servers.create({ displayName: `Noop ${slug}`, slug, url: tools.mcpUrl });
  await servers.open(id);
  const writes: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "PATCH") writes.push(r.url());
  });

  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "No changes to save." })).toBeVisible();

  const description = page.getByLabel("Description");
  await description.fill("Not meant to be kept");
  await expect(page.getByText("Unsaved changes")).toBeVisible();
  await page.getByRole("button", { name: "Discard changes" }).click();
  await expect(description).toHaveValue("");
  await expect(page.getByText("Unsaved changes")).toHaveCount(0);
  expect(writes).toEqual([]);

  await page.getByLabel("Server URL").fill("ftp://not-an-mcp-server");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /^Not saved:/ })).toBeVisible();
  await expect(page.getByLabel("Server URL")).toBeFocused();
  await expect(page.getByLabel("Server URL")).toHaveAttribute("aria-invalid", "true");
  const admin = await adminApi();
  expect(((await (await admin.get(`/api/servers/${id}`)).json()) as { url: string }).url).toBe(tools.mcpUrl);
  await admin.dispose();
});

test("a manually configured OAuth client shows the redirect URI to register at the provider", async ({
  page,
  baseURL,
}) => {
  const admin = await adminApi();
  const slug = unique("manual");
  const created = await admin.post("/api/servers", {
    data: {
      displayName: `Manual ${slug}`,
      slug,
      url: oauth.mcpUrl,
      authType: "oauth2",
      oauth2ClientId: "manual-client",
      oauth2AuthUrl: `${oauth.issuer}/auth`,
      oauth2TokenUrl: `${oauth.issuer}/token`,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await admin.dispose();
  await new ServersPage(page).open(id);
  await expect(page.getByLabel("Enter manually")).toBeChecked();
  await expect(page.getByTestId("oauth-callback-url")).toHaveText(`${baseURL}/api/servers/${id}/oauth2/callback`);
});

test("deleting a server asks for confirmation and removes it", async ({ page }) => {
  recordApiBodies(page);
  const servers = new ServersPage(page);
  const slug = unique("del");
  const id = await servers.create({ displayName: `Delete ${slug}`, slug, url: tools.mcpUrl });
  await servers.open(id);
  await servers.delete();
  await expect(servers.row(slug)).toHaveCount(0);
  const admin = await adminApi();
  expect((await admin.get(`/api/servers/${id}`)).status()).toBe(404);
  await admin.dispose();
});

test("members reach none of the admin panel and see only enabled servers, redacted", async ({
  browser,
  baseURL,
  playwright,
}) => {
  const admin = await adminApi();
  const member = await createUser(admin, "member");
  const enabledSlug = unique("visible");
  const hiddenSlug = unique("hidden");
  const enabled = await admin.post("/api/servers", {
    data: {
      displayName: `Visible ${enabledSlug}`,
      slug: enabledSlug,
      url: keyed.mcpUrl,
      enabled: true,
      authType: "api_key",
      apiKeyHeader: "X-API-Key",
      apiKeyValue: SECRETS.apiKey,
    },
  });
  expect(enabled.status()).toBe(201);
  const enabledId = ((await enabled.json()) as { id: string }).id;
  const hidden = (await (
    await admin.post("/api/servers", { data: { displayName: "Hidden", slug: hiddenSlug, url: tools.mcpUrl } })
  ).json()) as { id: string };

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  recordApiBodies(page);
  await signInAs(page, member.email, member.password);
  await page.goto("/servers");
  await expect(page.getByTestId(`server-card-${enabledSlug}`)).toBeVisible();
  await expect(page.getByTestId(`server-card-${hiddenSlug}`)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Add server" })).toHaveCount(0);
  const forbidden = await page.goto("/servers/new");
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  expect((await page.goto(`/servers/${enabledId}`))?.status()).toBe(403);

  // The API refuses members every admin action, and hides disabled servers.
  const cookies = await context.cookies();
  const api = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { origin: baseURL!, cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
  });
  expect(
    (await api.post("/api/servers", { data: { displayName: "X", slug: unique("x"), url: tools.mcpUrl } })).status(),
  ).toBe(403);
  expect((await api.patch(`/api/servers/${enabledId}`, { data: { enabled: false } })).status()).toBe(403);
  expect((await api.delete(`/api/servers/${enabledId}`)).status()).toBe(403);
  expect((await api.post(`/api/servers/${enabledId}/test`)).status()).toBe(403);
  expect((await api.get(`/api/servers/${hidden.id}`)).status()).toBe(404);
  const view = (await (await api.get(`/api/servers/${enabledId}`)).json()) as Record<string, unknown>;
  expect(view).toMatchObject({ hasApiKey: true, authConnected: true, connectionState: "not_required" });
  for (const field of ["url", "transport", "apiKeyHeader", "oauth2ClientId"]) expect(view).not.toHaveProperty(field);
  apiBodies.push(JSON.stringify(view));
  await Promise.all([api.dispose(), admin.dispose(), context.close()]);
});
