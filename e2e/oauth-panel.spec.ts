// The panel side: "Connect a client" (its curl example really works) and "Authorized apps" (Revoke ends the client's
// access), plus the consent screen's Deny.
import { execFileSync } from "node:child_process";
import { test, expect, adminApi, createUser, signInAs, unique } from "./test";
import { ConnectPage } from "./pages/connect-page";
import { AuthorizedAppsPage } from "./pages/authorized-apps-page";
import { ConsentPage } from "./pages/consent-page";
import { OAuthHttp, pkcePair } from "./fixtures/oauth-http";
import { startCallbackServer } from "./fixtures/oauth-browser";

test("Connect a client shows the MCP URL and configurations; the curl example works with a personal access token", async ({
  page,
  baseURL,
}) => {
  await page.goto("/servers");
  const connect = new ConnectPage(page);
  await connect.goto();
  const mcpUrl = `${baseURL}/api/mcp`;
  await expect(connect.mcpUrl()).toHaveText(mcpUrl);
  for (const id of ["claude-desktop", "cursor", "vscode", "raw"] as const)
    await expect(connect.snippet(id)).toContainText(mcpUrl);
  await expect(connect.snippet("claude-desktop")).toContainText("mcp-remote");
  await expect(connect.snippet("vscode")).toContainText('"type": "http"');

  const created = await page.request.post("/api/me/tokens", {
    data: { name: unique("curl-example"), expiresInDays: 1 },
    headers: { origin: baseURL! },
  });
  const { token } = (await created.json()) as { token: string };
  const command = (await connect.snippet("curl").textContent())!;
  const out = execFileSync("bash", ["-c", command], {
    env: { ...process.env, SWITCHBOARD_TOKEN: token },
    encoding: "utf8",
  });
  expect(out).toContain('"name":"switchboard__status"');
  const refused = execFileSync("bash", ["-c", `${command} -o /dev/null -w '%{http_code}'`], {
    env: { ...process.env, SWITCHBOARD_TOKEN: "sb_pat_wrong" },
    encoding: "utf8",
  });
  expect(refused).toBe("401");
});

test("an approved client is listed under Authorized apps, and Revoke ends its tokens and its consent", async ({
  page,
  baseURL,
}) => {
  const oauth = new OAuthHttp(baseURL!);
  const callback = await startCallbackServer();
  try {
    const name = unique("Panel client");
    const client = await oauth.registerPublic(callback.url, { client_name: name });
    const { verifier, challenge } = pkcePair();
    const authorize = oauth.authorizeUrl({
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: callback.url,
      code_challenge: challenge,
      code_challenge_method: "S256",
      state: "p1",
    });
    await page.goto(authorize);
    const consent = new ConsentPage(page);
    await consent.expectFor(name, new URL(callback.url).host);
    await consent.decide("Approve");
    const params = await callback.params;
    expect(params.get("state")).toBe("p1");
    const tokens = await oauth.exchange(client, params.get("code")!, verifier);
    expect((await oauth.mcp(tokens.body.access_token!)).status).toBe(200);

    await page.goto("/servers");
    const apps = new AuthorizedAppsPage(page);
    await apps.goto();
    await expect(apps.row(name)).toContainText(new URL(callback.url).host);
    await expect(apps.row(name)).toContainText("mcp:tools");
    await expect(apps.row(name)).toContainText("self-registered");
    await expect(apps.row(name)).not.toContainText("Never");

    await apps.revoke(name);
    expect((await oauth.mcp(tokens.body.access_token!)).status).toBe(401);
    expect(await oauth.refresh(client, tokens.body.refresh_token!)).toMatchObject({
      status: 400,
      body: { error: "invalid_grant" },
    });
    // Consent is forgotten too: the next authorization asks again.
    await page.goto(authorize.replace("state=p1", "state=p2"));
    await consent.expectFor(name, new URL(callback.url).host);

    // Every step is in the audit log, and no token value is.
    const audit = async (kind: string) => {
      const res = await page.request.get(`/api/audit?kind=${kind}&limit=200`);
      return ((await res.json()) as { events: { targetId: string | null; via: string | null; details: unknown }[] })
        .events;
    };
    expect((await audit("oauth.client_registered")).some((e) => e.targetId === client.client_id)).toBe(true);
    expect((await audit("oauth.consent_granted")).some((e) => e.targetId === client.client_id)).toBe(true);
    expect((await audit("oauth.token_issued")).some((e) => e.via === client.client_id)).toBe(true);
    expect((await audit("oauth.app_revoked")).some((e) => e.targetId === client.client_id)).toBe(true);
    const everything = JSON.stringify(await audit("oauth.token_issued"));
    expect(everything).not.toContain(tokens.body.access_token!);
    expect(everything).not.toContain(tokens.body.refresh_token!);
  } finally {
    await callback.close();
  }
});

test("Deny on the consent screen returns access_denied to the client and authorizes nothing", async ({
  page,
  baseURL,
}) => {
  const oauth = new OAuthHttp(baseURL!);
  const callback = await startCallbackServer();
  try {
    const name = unique("Denied client");
    const client = await oauth.registerPublic(callback.url, { client_name: name });
    const { challenge } = pkcePair();
    await page.goto(
      oauth.authorizeUrl({
        response_type: "code",
        client_id: client.client_id,
        redirect_uri: callback.url,
        code_challenge: challenge,
        code_challenge_method: "S256",
        state: "d1",
      }),
    );
    const consent = new ConsentPage(page);
    await consent.expectFor(name, new URL(callback.url).host);
    await consent.decide("Deny");
    const params = await callback.params;
    expect(params.get("error")).toBe("access_denied");
    expect(params.get("state")).toBe("d1");
    expect(params.get("iss")).toBe(baseURL);
    expect(params.has("code")).toBe(false);
    await page.goto("/apps");
    await expect(page.getByRole("heading", { name: "Authorized apps", level: 1 })).toBeVisible();
    await expect(new AuthorizedAppsPage(page).row(name)).toHaveCount(0);
  } finally {
    await callback.close();
  }
});

test("'Not you? Switch account' on the consent screen signs out and brings the next user back to the same request", async ({
  browser,
  baseURL,
}) => {
  const admin = await adminApi();
  const [first, second] = [await createUser(admin, "member"), await createUser(admin, "member")];
  await admin.dispose();
  const oauth = new OAuthHttp(baseURL!);
  const callback = await startCallbackServer();
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const name = unique("Switch client");
    const client = await oauth.registerPublic(callback.url, { client_name: name });
    const { challenge } = pkcePair();
    const authorize = oauth.authorizeUrl({
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: callback.url,
      code_challenge: challenge,
      code_challenge_method: "S256",
      state: "s1",
    });
    const page = await context.newPage();
    await signInAs(page, first.email, first.password);
    await page.goto(authorize);
    const consent = new ConsentPage(page);
    await consent.expectFor(name, new URL(callback.url).host);
    await expect(consent.signedInAs()).toContainText(first.email);

    await consent.switchAccount();
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Foauth%2Fauthorize/);
    expect((await page.request.get("/api/me")).status()).toBe(401);
    await page.getByLabel("Email").fill(second.email);
    await page.getByLabel("Password").fill(second.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await consent.expectFor(name, new URL(callback.url).host);
    await expect(consent.signedInAs()).toContainText(second.email);
    await consent.decide("Approve");
    const params = await callback.params;
    expect(params.get("state")).toBe("s1");
    expect(params.get("code")).toBeTruthy();
  } finally {
    await context.close();
    await callback.close();
  }
});

test("the consent page cannot be framed and is not cached", async ({ request }) => {
  const res = await request.get("/oauth/authorize?client_id=sbc_nobody", { maxRedirects: 0 });
  expect(res.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(res.headers()["x-frame-options"]).toBe("DENY");
  expect(res.headers()["cache-control"]).toContain("no-store");
  expect(await res.text()).toContain("Unknown application");
});
