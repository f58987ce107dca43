// The e2e `test`: baseURL from global setup, plus API helpers that act as a given user through a personal access token.
import {
  test as base,
  expect,
  request as pwRequest,
  type APIRequestContext,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import { randomBytes } from "node:crypto";

export const ADMIN = { email: "admin@switchboard.test", name: "Ada Admin", password: "admin-password-1" };

export function env(name: "E2E_BASE_URL" | "E2E_IDP_URL" | "E2E_DATA_DIR"): string {
  const v = process.env[name];
  if (!v)
    throw new Error(`${name} is not set: run the specs through playwright.config.ts (global setup starts the app).`);
  return v;
}

export const unique = (tag: string) => `${tag}-${randomBytes(4).toString("hex")}`;

/** Signs in through the same form POST that scripts use, in an API context (cookies kept in the context). */
export async function apiSignIn(ctx: APIRequestContext, email: string, password: string): Promise<void> {
  const csrf = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email, password },
    maxRedirects: 0,
  });
  const location = res.headers()["location"] ?? "";
  if (res.status() !== 302 || location.includes("error"))
    throw new Error(`sign-in as ${email} failed (${res.status()} ${location})`);
}

/** An API context signed in with a session cookie, sending the app's own Origin like the console does. */
export async function sessionApi(
  email: string,
  password: string,
  baseURL = env("E2E_BASE_URL"),
): Promise<APIRequestContext> {
  const ctx = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  await apiSignIn(ctx, email, password);
  return ctx;
}

/** Mints a personal access token for a user (through their session) and returns its value. */
export async function mintToken(email: string, password: string, baseURL = env("E2E_BASE_URL")): Promise<string> {
  const session = await sessionApi(email, password, baseURL);
  const created = await session.post("/api/me/tokens", { data: { name: unique("e2e"), expiresInDays: 1 } });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  await session.dispose();
  return token;
}

/** An API context authenticated by a personal access token (no cookies). */
export function tokenApi(token: string, baseURL = env("E2E_BASE_URL")): Promise<APIRequestContext> {
  return pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
}

/** An API context authenticated as the admin through a fresh personal access token. */
export async function adminApi(): Promise<APIRequestContext> {
  return tokenApi(await mintToken(ADMIN.email, ADMIN.password));
}

/** Nothing in these tests may reach the internet (the test IdP's dev pages @import a web font, for one). */
export async function offline(context: BrowserContext): Promise<void> {
  await context.route(/^https?:\/\/(?!localhost[:/]|127\.0\.0\.1[:/])/, (route) => route.abort());
}

/** Creates a user through the admin API and returns its credentials. */
export async function createUser(admin: APIRequestContext, role: "admin" | "member" = "member") {
  const user = { email: `${unique(role)}@switchboard.test`, name: unique("User"), password: "user-password-1", role };
  const res = await admin.post("/api/users", { data: user });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  return { ...user, id };
}

export async function signInAs(page: Page, email: string, password: string, baseURL?: string): Promise<void> {
  await page.goto(baseURL ? `${baseURL}/login` : "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

export const test = base.extend({
  baseURL: async ({}, use) => {
    await use(env("E2E_BASE_URL"));
  },
});

export { expect };
