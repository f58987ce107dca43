// Sign-in through the real test IdP (oidc-provider): a member is created, a refresh token is stored, and once the
// 5-second access token is due the server-side helper refreshes it — counted at the IdP itself.
import { test, expect, adminApi, env, offline, unique } from "./test";
import type { IdpStats } from "./fixtures/oidc-idp";

test.use({ storageState: { cookies: [], origins: [] } });

const idpStats = async (): Promise<IdpStats> =>
  (await fetch(`${env("E2E_IDP_URL")}/__stats`)).json() as Promise<IdpStats>;

interface Identity {
  configured: boolean;
  linked: boolean;
  status: string;
  refreshed: boolean;
  hasRefreshToken: boolean;
  expiresAt: string | null;
}

test("Sign in with Test IdP creates a member, stores a refresh token, and the token is refreshed after expiry", async ({
  page,
  context,
}) => {
  await offline(context);
  const login = unique("oidc-user");
  const email = `${login}@idp.example.test`;

  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  // oidc-provider's development login form, then its consent screen.
  await expect(page).toHaveURL(new RegExp(`^${env("E2E_IDP_URL")}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page).toHaveURL(/\/servers$/);
  await expect(page.getByText(email)).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Console" });
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);

  const me = await (await page.request.get("/api/me")).json();
  expect(me).toMatchObject({ email, role: "member" });
  // The session the browser can read holds who the user is, nothing from the provider.
  const session = (await (await page.request.get("/api/auth/session")).json()) as {
    user: Record<string, unknown>;
    expires: string;
  };
  expect(Object.keys(session).sort()).toEqual(["expires", "user"]);
  expect(Object.keys(session.user).sort()).toEqual(["email", "id", "name"]);

  const grantsBefore = (await idpStats()).grants.refresh_token ?? 0;
  const first = (await (await page.request.get("/api/me/identity")).json()) as Identity;
  expect(first).toMatchObject({ configured: true, linked: true, status: "ok", hasRefreshToken: true });
  // The browser never sees the provider's tokens.
  expect(Object.keys(first).sort()).toEqual([
    "configured",
    "expiresAt",
    "hasRefreshToken",
    "linked",
    "refreshed",
    "status",
  ]);
  const expiresAt = Date.parse(first.expiresAt!);

  // The access token lives 5 s: ask until the helper reports that it refreshed it (it does once the token is due).
  let refreshed: Identity | undefined;
  await expect
    .poll(
      async () => {
        const now = (await (await page.request.get("/api/me/identity")).json()) as Identity;
        if (now.refreshed) refreshed = now;
        return Boolean(refreshed);
      },
      { timeout: 30_000, intervals: [1000] },
    )
    .toBe(true);
  expect(refreshed).toMatchObject({ status: "ok", hasRefreshToken: true });
  expect(Date.parse(refreshed!.expiresAt!)).toBeGreaterThan(expiresAt);
  expect((await idpStats()).grants.refresh_token ?? 0).toBeGreaterThan(grantsBefore);

  // Signing out and in again through the IdP reuses the same account.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  // The IdP remembers the session; it asks for consent again because offline_access needs it every time.
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/servers$/);
  expect(await (await page.request.get("/api/me")).json()).toMatchObject({ id: me.id, email });

  // Once an admin disables the account, the IdP sign-in is refused with an explanation.
  const admin = await adminApi();
  expect((await admin.patch(`/api/users/${me.id}`, { data: { disabled: true } })).status()).toBe(200);
  expect((await page.request.get("/api/me")).status()).toBe(401);
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/login\?.*error=AccessDenied/);
  await expect(page.locator(".alert-error[role=alert]")).toHaveText(
    "This account is disabled. Ask an admin to enable it.",
  );
  expect((await page.request.get("/api/me")).status()).toBe(401);
  await admin.patch(`/api/users/${me.id}`, { data: { disabled: false } });
  await admin.dispose();
});

test("a password user has no identity-provider link; without credentials the endpoint answers 401", async ({
  request,
}) => {
  const admin = await adminApi();
  expect(await (await admin.get("/api/me/identity")).json()).toEqual({
    configured: true,
    linked: false,
    status: "not_linked",
    refreshed: false,
    hasRefreshToken: false,
    expiresAt: null,
  });
  expect((await request.get("/api/me/identity")).status()).toBe(401);
  await admin.dispose();
});
