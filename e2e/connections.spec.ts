import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { test, expect, adminApi, createUser, signInAs, unique } from "./test";
import { ConnectionsPage, signInAtUpstream } from "./pages/connections-page";
import { ServersPage } from "./pages/servers-page";
import { startOAuthUpstreamProcess, type OAuthUpstreamProcess } from "./fixtures/upstream-processes";

// Short-lived access tokens: Switchboard must refresh them while the test runs.
const ACCESS_TOKEN_TTL_S = 6;

let upstream: OAuthUpstreamProcess;
let admin: APIRequestContext;

test.beforeAll(async () => {
  upstream = await startOAuthUpstreamProcess({ name: "e2e-oauth-connections", accessTokenTtl: ACCESS_TOKEN_TTL_S });
  admin = await adminApi();
});
test.afterAll(async () => {
  await admin?.dispose();
  await upstream?.stop();
});

async function createServer(fields: Record<string, unknown>): Promise<{ id: string; slug: string }> {
  const slug = unique("conn");
  const res = await admin.post("/api/servers", {
    data: { displayName: `Connect ${slug}`, slug, url: upstream.mcpUrl, authType: "oauth2", enabled: true, ...fields },
  });
  expect(res.status(), await res.text()).toBe(201);
  return { id: ((await res.json()) as { id: string }).id, slug };
}

async function memberPage(browser: Browser): Promise<{ page: Page; close: () => Promise<void>; email: string }> {
  const member = await createUser(admin, "member");
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInAs(page, member.email, member.password);
  return { page, close: () => context.close(), email: member.email };
}

async function stateOf(page: Page, id: string): Promise<string> {
  const res = await page.request.get(`/api/servers/${id}`);
  return ((await res.json()) as { connectionState: string }).connectionState;
}

test("a user connects in a popup at the real authorization server; tokens refresh; disconnect", async ({ browser }) => {
  const server = await createServer({});
  const { page, close } = await memberPage(browser);
  const connections = new ConnectionsPage(page);
  await connections.goto();
  await expect(connections.badge(server.slug)).toHaveText("Not connected");
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = "no reload"));

  const popup = await connections.openConnectPopup(server.slug);
  const closed = popup.waitForEvent("close");
  await signInAtUpstream(popup, "carol");
  await closed;

  await expect(connections.badge(server.slug)).toHaveText("Connected");
  await expect(page.getByTestId("connections-notice")).toContainText("Connected to");
  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("no reload");
  const stats = await upstream.stats();
  expect(stats.authorizations.at(-1)).toMatchObject({
    resource: upstream.mcpUrl,
    codeChallengeMethod: "S256",
    redirectUri: expect.stringContaining(`/api/servers/${server.id}/oauth2/callback`),
  });

  // The access token lives a few seconds; using the connection after that refreshes it transparently.
  await expect
    .poll(
      async () => {
        expect(await stateOf(page, server.id)).toBe("connected");
        return (await upstream.stats()).grants.refresh_token ?? 0;
      },
      { timeout: 30_000, intervals: [1000] },
    )
    .toBeGreaterThanOrEqual(1);

  const revocations = (await upstream.stats()).revocations;
  await connections.disconnect(server.slug);
  await expect(connections.badge(server.slug)).toHaveText("Not connected");
  expect((await upstream.stats()).revocations).toBe(revocations + 1);
  await close();
});

test("denying at the authorization server shows the error in the popup and stores nothing", async ({ browser }) => {
  const server = await createServer({});
  const { page, close } = await memberPage(browser);
  const connections = new ConnectionsPage(page);
  await connections.goto();
  const popup = await connections.openConnectPopup(server.slug);
  await signInAtUpstream(popup, "dave", "Deny");
  await expect(popup.getByRole("heading", { name: /Could not connect/ })).toBeVisible();
  await expect(popup.getByRole("alert")).toContainText("denied access");
  await expect(popup.getByRole("link", { name: "Try again" })).toBeVisible();
  await expect(page.getByTestId("connections-notice")).toContainText("Could not connect");
  await expect(connections.badge(server.slug)).toHaveText("Not connected");
  expect(await stateOf(page, server.id)).toBe("not_connected");
  await popup.close();
  await close();
});

test("a blocked popup is noticed and explained", async ({ browser }) => {
  const server = await createServer({});
  const { page, close } = await memberPage(browser);
  await page.addInitScript(() => {
    window.open = () => null;
  });
  const connections = new ConnectionsPage(page);
  await connections.goto();
  await connections
    .row(server.slug)
    .getByRole("button", { name: /^Connect/ })
    .click();
  await expect(page.getByTestId("connections-notice")).toContainText("blocked the sign-in popup");
  const link = page.getByRole("link", { name: "Open the sign-in page" });
  await expect(link).toHaveAttribute("href", `/api/servers/${server.id}/oauth2/connect`);

  // The fallback tab has no opener: the callback page says so instead of closing, and the connection is stored.
  const tabPromise = page.context().waitForEvent("page");
  await link.click();
  const tab = await tabPromise;
  await signInAtUpstream(tab, "frank");
  await expect(tab.getByText("Connected — you may close this window.")).toBeVisible();
  expect(tab.isClosed()).toBe(false);
  expect(await stateOf(page, server.id)).toBe("connected");
  await page.reload();
  await expect(new ConnectionsPage(page).badge(server.slug)).toHaveText("Connected");
  await close();
});

test("password users see that single sign-on servers need an OIDC sign-in; optional servers can be switched", async ({
  browser,
}) => {
  const sso = await createServer({ authType: "user_oidc" });
  const optional = await createServer({ authType: "none", availability: "default_off" });
  const always = await createServer({ authType: "none", availability: "force_on" });
  const { page, close } = await memberPage(browser);
  const connections = new ConnectionsPage(page);
  await connections.goto();
  await expect(connections.badge(sso.slug)).toHaveText("Not connected");
  await expect(connections.row(sso.slug).getByTestId("oidc-hint")).toContainText("sign in with Test IdP");
  await expect(connections.badge(optional.slug)).toHaveText("No sign-in needed");

  const toggle = connections.row(optional.slug).getByLabel(/Use in my MCP clients/);
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await expect(toggle).toBeChecked();
  expect(
    ((await (await page.request.get(`/api/servers/${optional.id}`)).json()) as { selected: boolean }).selected,
  ).toBe(true);
  await page.reload();
  await expect(connections.row(optional.slug).getByLabel(/Use in my MCP clients/)).toBeChecked();

  await expect(connections.row(always.slug)).toContainText("Always on");
  const refused = await page.request.put(`/api/me/servers/${always.id}/selection`, {
    data: { selected: false },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(refused.status()).toBe(400);
  await close();
});

test("an admin connects on a disabled server's page; the test uses that token and never the admin's own Switchboard token", async ({
  page,
  playwright,
  baseURL,
}) => {
  const server = await createServer({ enabled: false, forwardIdentityHeaders: true });
  const servers = new ServersPage(page);
  await servers.open(server.id);
  const own = page.getByTestId("own-connection");
  await expect(own.getByTestId("connection-state")).toHaveText("Not connected");
  const popupPromise = page.waitForEvent("popup");
  await own.getByRole("button", { name: "Connect your account" }).click();
  const popup = await popupPromise;
  const closed = popup.waitForEvent("close");
  await signInAtUpstream(popup, "erin");
  await closed;
  await expect(own.getByTestId("connection-state")).toHaveText("Connected");

  await servers.testConnection();
  await expect(page.getByTestId("test-success")).toContainText("e2e-oauth-connections");
  await expect(servers.previewRow("whoami")).toContainText("Exposed");

  // Through the API with a personal access token: the upstream sees the user's upstream token, never the PAT.
  const minted = await page.request.post("/api/me/tokens", {
    data: { name: unique("upstream-check"), expiresInDays: 1 },
    headers: { origin: baseURL! },
  });
  expect(minted.status()).toBe(201);
  const { token } = (await minted.json()) as { token: string };
  const pat = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const before = (await upstream.seen()).length;
  const result = await pat.post(`/api/servers/${server.id}/test`);
  expect(await result.json()).toMatchObject({ ok: true });
  const seen = (await upstream.seen()).slice(before);
  expect(seen.length).toBeGreaterThan(0);
  for (const s of seen) {
    expect(s.subject).toBe("erin");
    expect(JSON.stringify(s.headers)).not.toMatch(/sb_pat_|authjs|cookie/i);
    expect(JSON.stringify(s.headers)).not.toContain(token);
    // The identity token verifies with the keys Switchboard publishes, for this upstream only.
    const jwks = createRemoteJWKSet(new URL("/api/identity/jwks", baseURL));
    const { payload } = await jwtVerify(s.headers["x-switchboard-identity"]!, jwks, {
      issuer: baseURL,
      audience: upstream.mcpUrl,
    });
    expect(payload).toMatchObject({ email: "admin@switchboard.test", name: "Ada Admin" });
    expect(payload.sub).toBe(s.headers["x-switchboard-user-id"]);
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(60);
  }
  await pat.dispose();
});

test("the connect and callback routes set scoped cookies and answer clear pages for bad requests", async ({
  browser,
  playwright,
  baseURL,
}) => {
  const server = await createServer({});
  const plain = await createServer({ authType: "none" });
  const hidden = await createServer({ enabled: false });
  const { page, close } = await memberPage(browser);

  const start = await page.request.get(`/api/servers/${server.id}/oauth2/connect`, { maxRedirects: 0 });
  expect(start.status()).toBe(302);
  const location = new URL(start.headers()["location"]!);
  expect(location.origin).toBe(upstream.issuer);
  expect(Object.fromEntries(location.searchParams)).toMatchObject({
    code_challenge_method: "S256",
    resource: upstream.mcpUrl,
    response_type: "code",
  });
  const cookies = start
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);
  expect(cookies).toHaveLength(2);
  for (const c of cookies) {
    expect(c).toMatch(/^sb_oauth_(state|verifier)=/);
    expect(c).toContain(`Path=/api/servers/${server.id}/oauth2/callback`);
    expect(c).toContain("Max-Age=600");
    expect(c).toContain("HttpOnly");
    expect(c).toContain("SameSite=Lax");
  }

  // A callback that does not match the sign-in started here stores nothing.
  const forged = await page.request.get(`/api/servers/${server.id}/oauth2/callback?code=stolen&state=forged`);
  expect(forged.status()).toBe(400);
  expect(forged.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(await forged.text()).toContain("does not belong to a sign-in started here");
  expect(await stateOf(page, server.id)).toBe("not_connected");

  expect((await page.request.get(`/api/servers/${plain.id}/oauth2/connect`, { maxRedirects: 0 })).status()).toBe(400);
  expect((await page.request.get(`/api/servers/${hidden.id}/oauth2/connect`, { maxRedirects: 0 })).status()).toBe(404);
  const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const signedOut = await anonymous.get(`/api/servers/${server.id}/oauth2/connect`, { maxRedirects: 0 });
  expect(signedOut.status()).toBe(401);
  expect(await signedOut.text()).toContain("Sign in to Switchboard");
  expect((await anonymous.delete(`/api/servers/${server.id}/oauth2/disconnect`)).status()).toBe(401);
  await anonymous.dispose();
  // Disconnect is idempotent.
  const origin = { origin: baseURL! };
  expect((await page.request.delete(`/api/servers/${server.id}/oauth2/disconnect`, { headers: origin })).status()).toBe(
    204,
  );
  expect((await page.request.delete(`/api/servers/${server.id}/oauth2/disconnect`, { headers: origin })).status()).toBe(
    204,
  );
  await close();
});
