// Sign-in failures on the login page, and what disabling a user does to their sign-in, session and tokens.
import { test, expect, adminApi, createUser, mintToken, sessionApi, signInAs, tokenApi, unique, ADMIN } from "./test";
import { LoginPage } from "./pages/login-page";
import { UsersPage } from "./pages/users-page";

test("a wrong password shows an error and does not sign in; an unknown email says the same", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(ADMIN.email, "not-the-password");
  await expect(login.error()).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);
  // What the user typed stays, the password does not.
  await expect(page.getByLabel("Email")).toHaveValue(ADMIN.email);
  await expect(page.getByLabel("Password")).toHaveValue("");
  await login.signIn(`${unique("nobody")}@switchboard.test`, "whatever-password");
  await expect(login.error()).toHaveText("Wrong email or password.");
  expect((await page.request.get("/api/me")).status()).toBe(401);

  // The same form then signs in with the right password, and returns to the page that sent us to login.
  await page.goto("/tokens");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftokens/);
  await login.signIn(ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/tokens$/);
  await context.close();
});

test("a signed-in user sent to /login with a crafted callbackUrl stays on this site", async ({ page, baseURL }) => {
  // Browsers drop tabs and newlines from a Location and read "\" as "/": each of these would otherwise resolve to
  // //evil.example. The redirect is read from the response, not followed, so no request leaves for evil.example.
  for (const crafted of [
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%5C/evil.example",
    "//evil.example",
    "https://evil.example/",
  ]) {
    const res = await page.request.get(`/login?callbackUrl=${crafted}`, { maxRedirects: 0 });
    expect(res.status(), crafted).toBe(307);
    const landing = new URL(res.headers().location!, baseURL);
    expect(landing.origin, crafted).toBe(new URL(baseURL!).origin);
  }
});

test("a disabled user cannot sign in, their session and token stop working, and enabling restores them", async ({
  page,
  browser,
  baseURL,
}) => {
  const admin = await adminApi();
  const member = await createUser(admin, "member");
  const token = await mintToken(member.email, member.password);
  const byToken = await tokenApi(token);
  const memberContext = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const memberPage = await memberContext.newPage();
  await signInAs(memberPage, member.email, member.password);
  expect((await byToken.get("/api/me")).status()).toBe(200);

  // The admin disables them in the Users page.
  const users = new UsersPage(page);
  await users.goto();
  await users.act(member.email, "Disable");
  await expect(users.row(member.email).getByText("Disabled")).toBeVisible();

  expect((await byToken.get("/api/me")).status()).toBe(401);
  expect((await memberPage.request.get("/api/me")).status()).toBe(401);
  await memberPage.goto("/tokens");
  await expect(memberPage).toHaveURL(/\/login/);
  const login = new LoginPage(memberPage);
  await login.goto();
  await login.signIn(member.email, member.password);
  await expect(login.error()).toHaveText(/This account is disabled/);
  await expect(memberPage).toHaveURL(/\/login/);
  // A wrong password reveals nothing about the account being disabled.
  await login.signIn(member.email, "wrong-password-1");
  await expect(login.error()).toHaveText("Wrong email or password.");

  await users.act(member.email, "Enable");
  await expect(users.row(member.email).getByText("Active")).toBeVisible();
  expect((await byToken.get("/api/me")).status()).toBe(200);
  await login.signIn(member.email, member.password);
  await expect(memberPage).toHaveURL(/\/servers$/);

  // The attempts are in the audit log, with the right outcomes.
  const audit = (await (await admin.get(`/api/audit?actor=${member.id}&kind=auth.sign_in_failed`)).json()) as {
    events: Array<{ outcome: string; details: { reason?: string } }>;
  };
  expect(audit.events.map((e) => `${e.outcome}:${e.details.reason}`)).toEqual([
    "failure:invalid_credentials",
    "denied:disabled",
  ]);
  await Promise.all([admin.dispose(), byToken.dispose(), memberContext.close()]);
});

test("scripts sign in through /api/auth/callback/credentials with fields named email and password", async ({
  baseURL,
}) => {
  const admin = await adminApi();
  const member = await createUser(admin, "member");
  const session = await sessionApi(member.email, member.password, baseURL);
  expect(await (await session.get("/api/me")).json()).toMatchObject({ email: member.email, role: "member" });
  await expect(sessionApi(member.email, "wrong-password", baseURL)).rejects.toThrow(/sign-in as .* failed/);
  await Promise.all([admin.dispose(), session.dispose()]);
});
