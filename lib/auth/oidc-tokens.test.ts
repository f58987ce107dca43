// The identity-provider token helper against a REAL oidc-provider: real sign-ins, real refresh grants, counted at the IdP.
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { oidcAccounts, type User } from "@/lib/db/schema";
import type { DbHandle } from "@/lib/db/connect";
import { countUsers, getUserByEmail, insertUser } from "@/lib/db/queries/users";
import { openSecret } from "@/lib/crypto/instance-secrets";
import { linkOidcSignIn } from "@/lib/auth/oidc-link";
import { describeOidcLink, getUsableOidcAccessToken } from "@/lib/auth/oidc-tokens";
import { createIdp } from "@/e2e/fixtures/oidc-idp";
import { obtainTokensFromIdp, revokeAtIdp } from "@/e2e/fixtures/oidc-login";
import { freePort } from "@/e2e/fixtures/net";
import { describeEachDriver, describePostgres, openSharedPostgres, uniqueEmail } from "@/lib/testing/databases";

const CLIENT = { clientId: "switchboard-test", clientSecret: "test-idp-secret" };
const REDIRECT_URI = "http://localhost:3999/api/auth/callback/oidc";
let idp: ReturnType<typeof createIdp>;

beforeAll(async () => {
  const port = await freePort();
  // lib/env reads these once per test file (vitest isolates modules per file), so set them before first use.
  process.env.OIDC_ISSUER = `http://localhost:${port}`;
  process.env.OIDC_CLIENT_ID = CLIENT.clientId;
  process.env.OIDC_CLIENT_SECRET = CLIENT.clientSecret;
  idp = createIdp({ port, clients: [{ ...CLIENT, redirectUris: [REDIRECT_URI] }], accessTokenTtl: 3600 });
  await idp.listen();
});
afterAll(async () => {
  await idp?.close();
});

// Every line the code under test logs, so no test can miss a token leaking into the log.
const logged: string[] = [];
beforeEach(() => {
  logged.length = 0;
  for (const method of ["log", "warn", "error", "info"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

const count = (kind: "grants" | "failures", type = "refresh_token") => idp.stats[kind][type] ?? 0;

/** Signs in through the real IdP (auth code + PKCE) and stores the result the way the Auth.js callback does. */
async function signIn(handle: DbHandle, opts: { scope?: string; login?: string } = {}) {
  // Provider sign-ins are refused until set-up has created the first admin, as on a real install.
  if ((await countUsers(handle.db)) === 0)
    await insertUser(handle.db, {
      email: uniqueEmail("first-admin"),
      name: "First Admin",
      passwordHash: null,
      role: "admin",
    });
  const login = opts.login ?? `user-${Math.random().toString(36).slice(2, 10)}`;
  const tokens = await obtainTokensFromIdp({
    issuer: process.env.OIDC_ISSUER!,
    ...CLIENT,
    redirectUri: REDIRECT_URI,
    login,
    scope: opts.scope,
  });
  const result = await linkOidcSignIn(
    handle.db,
    {
      subject: tokens.claims.sub,
      email: tokens.claims.email,
      emailVerified: tokens.claims.email_verified,
      name: tokens.claims.name,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      tokenType: tokens.token_type,
      scope: tokens.scope,
      expiresAt: Math.floor(Date.now() / 1000) + tokens.expires_in,
    },
    "127.0.0.1",
  );
  if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
  return { user: result.user, tokens };
}

async function rawAccount(handle: DbHandle, userId: string) {
  return (await handle.db.select().from(oidcAccounts).where(eq(oidcAccounts.userId, userId)))[0]!;
}

/** A moment after the stored access token has expired. */
async function afterExpiry(handle: DbHandle, userId: string, extraMs = 1000) {
  return new Date((await rawAccount(handle, userId)).expiresAt!.getTime() + extraMs);
}

async function userinfoStatus(accessToken: string) {
  return (await fetch(`${process.env.OIDC_ISSUER}/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status;
}

function expectNoTokenLogged(tokens: Array<string | undefined>) {
  for (const t of tokens.filter(Boolean)) expect(logged.join("\n")).not.toContain(t);
}

describeEachDriver("identity-provider tokens", ({ handle }) => {
  it("sign-in creates a member and stores the provider's tokens encrypted", async () => {
    const { user, tokens } = await signIn(handle());
    expect(user).toMatchObject({ role: "member", passwordHash: null, email: tokens.claims.email });
    expect(tokens.refresh_token).toBeTruthy();
    const row = await rawAccount(handle(), user.id);
    expect(row.accessTokenEncrypted).toMatch(/^v1\.test1\./);
    expect(row.refreshTokenEncrypted).toMatch(/^v1\.test1\./);
    expect(JSON.stringify(row)).not.toContain(tokens.access_token);
    expect(JSON.stringify(row)).not.toContain(tokens.refresh_token);
    expect(openSecret(row.accessTokenEncrypted!)).toBe(tokens.access_token);
    expect(openSecret(row.refreshTokenEncrypted!)).toBe(tokens.refresh_token);
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3000_000);
  });

  it("a second sign-in of the same subject reuses the user and replaces the tokens", async () => {
    const login = `again-${Math.random().toString(36).slice(2, 8)}`;
    const first = await signIn(handle(), { login });
    const second = await signIn(handle(), { login });
    expect(second.user.id).toBe(first.user.id);
    const row = await rawAccount(handle(), first.user.id);
    expect(openSecret(row.accessTokenEncrypted!)).toBe(second.tokens.access_token);
    expect(openSecret(row.refreshTokenEncrypted!)).toBe(second.tokens.refresh_token);
  });

  it("hands out the stored token while it is fresh, without asking the IdP", async () => {
    const { user, tokens } = await signIn(handle());
    const before = count("grants");
    const result = await getUsableOidcAccessToken(handle(), user.id);
    expect(result).toEqual({
      status: "ok",
      accessToken: tokens.access_token,
      expiresAt: expect.any(Date),
      refreshed: false,
    });
    expect(count("grants")).toBe(before);
  });

  it("refreshes an expired token at the IdP, stores the new tokens encrypted, and the new token works", async () => {
    const { user, tokens } = await signIn(handle());
    const before = count("grants");
    const now = await afterExpiry(handle(), user.id);
    const result = await getUsableOidcAccessToken(handle(), user.id, now);
    expect(result).toMatchObject({ status: "ok", refreshed: true });
    if (result.status !== "ok") throw new Error("unreachable");
    expect(result.accessToken).not.toBe(tokens.access_token);
    expect(count("grants")).toBe(before + 1);
    expect(await userinfoStatus(result.accessToken)).toBe(200);

    const row = await rawAccount(handle(), user.id);
    expect(openSecret(row.accessTokenEncrypted!)).toBe(result.accessToken);
    expect(JSON.stringify(row)).not.toContain(result.accessToken);
    // This IdP rotates refresh tokens: the new one replaced the old.
    const newRefresh = openSecret(row.refreshTokenEncrypted!);
    expect(newRefresh).not.toBe(tokens.refresh_token);
    expect(row.expiresAt!.getTime()).toBeGreaterThan(now.getTime() + 3000_000);
    expectNoTokenLogged([tokens.access_token, tokens.refresh_token, result.accessToken, newRefresh]);

    // Fresh again: the next caller gets the refreshed token without another grant.
    expect(await getUsableOidcAccessToken(handle(), user.id, new Date(now.getTime() + 1000))).toMatchObject({
      status: "ok",
      accessToken: result.accessToken,
      refreshed: false,
    });
    expect(count("grants")).toBe(before + 1);
  });

  it("a short-lived token (30 s) is not refreshed again right after its refresh", async () => {
    idp.setAccessTokenTtl(30);
    try {
      const { user } = await signIn(handle());
      const before = count("grants");
      const now = await afterExpiry(handle(), user.id);
      const first = await getUsableOidcAccessToken(handle(), user.id, now);
      expect(first).toMatchObject({ status: "ok", refreshed: true });
      const soon = new Date(Date.now() + 2000);
      expect(await getUsableOidcAccessToken(handle(), user.id, soon)).toMatchObject({ status: "ok", refreshed: false });
      expect(count("grants")).toBe(before + 1);
      // Within the last half of its life it is refreshed ahead of expiry.
      const late = new Date((await rawAccount(handle(), user.id)).expiresAt!.getTime() - 5000);
      expect(await getUsableOidcAccessToken(handle(), user.id, late)).toMatchObject({ status: "ok", refreshed: true });
    } finally {
      idp.setAccessTokenTtl(3600);
    }
  });

  it("50 concurrent callers after expiry cause exactly one refresh grant", async () => {
    const { user } = await signIn(handle());
    const now = await afterExpiry(handle(), user.id);
    const before = count("grants");
    const results = await Promise.all(
      Array.from({ length: 50 }, () => getUsableOidcAccessToken(handle(), user.id, now)),
    );
    expect(count("grants")).toBe(before + 1);
    expect(results.every((r) => r.status === "ok")).toBe(true);
    const tokens = new Set(results.map((r) => (r.status === "ok" ? r.accessToken : "")));
    expect(tokens.size).toBe(1);
    expect(results.filter((r) => r.status === "ok" && r.refreshed)).toHaveLength(1);
  });

  it("keeps the stored refresh token when the IdP does not send a new one, and it keeps working", async () => {
    idp.setRefreshTokenRotation(false);
    try {
      const { user, tokens } = await signIn(handle());
      const sealedBefore = (await rawAccount(handle(), user.id)).refreshTokenEncrypted;
      const before = count("grants");
      const first = await getUsableOidcAccessToken(handle(), user.id, await afterExpiry(handle(), user.id));
      expect(first).toMatchObject({ status: "ok", refreshed: true });
      const row = await rawAccount(handle(), user.id);
      expect(row.refreshTokenEncrypted).toBe(sealedBefore);
      expect(openSecret(row.refreshTokenEncrypted!)).toBe(tokens.refresh_token);
      const second = await getUsableOidcAccessToken(handle(), user.id, await afterExpiry(handle(), user.id));
      expect(second).toMatchObject({ status: "ok", refreshed: true });
      expect(count("grants")).toBe(before + 2);
    } finally {
      idp.setRefreshTokenRotation(true);
    }
  });

  it("invalid_grant → needs_sign_in, and the refused token is never sent again until the user signs in anew", async () => {
    const login = `revoked-${Math.random().toString(36).slice(2, 8)}`;
    const { user, tokens } = await signIn(handle(), { login });
    await revokeAtIdp({ issuer: process.env.OIDC_ISSUER!, ...CLIENT, token: tokens.refresh_token! });
    const failuresBefore = count("failures");
    const grantsBefore = count("grants");
    const now = await afterExpiry(handle(), user.id);

    expect(await getUsableOidcAccessToken(handle(), user.id, now)).toEqual({ status: "needs_sign_in" });
    expect(count("failures")).toBe(failuresBefore + 1);
    expect((await rawAccount(handle(), user.id)).refreshFailedAt).toBeInstanceOf(Date);
    for (let i = 0; i < 3; i++)
      expect(await getUsableOidcAccessToken(handle(), user.id, now)).toEqual({ status: "needs_sign_in" });
    expect(count("failures")).toBe(failuresBefore + 1);
    expect(count("grants")).toBe(grantsBefore);
    expect(await describeOidcLink(handle(), user.id)).toMatchObject({
      linked: true,
      status: "needs_sign_in",
      refreshed: false,
    });
    expectNoTokenLogged([tokens.access_token, tokens.refresh_token]);

    // Signing in again clears the mark and brings a working refresh token.
    await signIn(handle(), { login });
    expect((await rawAccount(handle(), user.id)).refreshFailedAt).toBeNull();
    expect(await getUsableOidcAccessToken(handle(), user.id, await afterExpiry(handle(), user.id))).toMatchObject({
      status: "ok",
      refreshed: true,
    });
  });

  it("without offline_access there is no refresh token: an expired token means needs_sign_in", async () => {
    const { user, tokens } = await signIn(handle(), { scope: "openid email profile" });
    expect(tokens.refresh_token).toBeUndefined();
    expect((await rawAccount(handle(), user.id)).refreshTokenEncrypted).toBeNull();
    expect(await getUsableOidcAccessToken(handle(), user.id)).toMatchObject({ status: "ok" });
    expect(await getUsableOidcAccessToken(handle(), user.id, await afterExpiry(handle(), user.id))).toEqual({
      status: "needs_sign_in",
    });
  });

  it("a password user has no link: not_linked", async () => {
    const user = (await insertUser(handle().db, {
      email: uniqueEmail("pw"),
      name: "Pw",
      passwordHash: "scrypt$x",
      role: "member",
    }))!;
    expect(await getUsableOidcAccessToken(handle(), user.id)).toEqual({ status: "not_linked" });
    expect(await describeOidcLink(handle(), user.id)).toEqual({
      linked: false,
      status: "not_linked",
      refreshed: false,
      hasRefreshToken: false,
      expiresAt: null,
    });
  });

  it("links an IdP sign-in to the existing account with the same verified email, keeping its role", async () => {
    const login = `linked-${Math.random().toString(36).slice(2, 8)}@corp.example.test`;
    const existing = (await insertUser(handle().db, {
      email: login,
      name: "Existing",
      passwordHash: "scrypt$x",
      role: "admin",
    }))!;
    const { user } = await signIn(handle(), { login });
    expect(user.id).toBe(existing.id);
    expect((await getUserByEmail(handle().db, login))?.role).toBe("admin");
  });

  it("refuses a disabled user's IdP sign-in and stores no tokens", async () => {
    const login = `disabled-${Math.random().toString(36).slice(2, 8)}@corp.example.test`;
    const u: User = (await insertUser(handle().db, { email: login, name: "Off", passwordHash: null, role: "member" }))!;
    const { updateUser } = await import("@/lib/db/queries/users");
    await updateUser(handle().db, u.id, { disabled: true });
    await expect(signIn(handle(), { login })).rejects.toThrow("sign-in refused: disabled");
    expect(await handle().db.select().from(oidcAccounts).where(eq(oidcAccounts.userId, u.id))).toEqual([]);
  });
});

describePostgres("identity-provider token refresh across two instances", () => {
  let group: Awaited<ReturnType<typeof openSharedPostgres>>;
  beforeAll(async () => {
    group = await openSharedPostgres(2);
  });
  afterAll(async () => {
    await group?.close();
  });

  it("50 concurrent callers on two instances sharing one database cause exactly ONE refresh grant", async () => {
    const [one, two] = group.handles as [DbHandle, DbHandle];
    const { user, tokens } = await signIn(one);
    const now = await afterExpiry(one, user.id);
    const before = count("grants");
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => getUsableOidcAccessToken(i % 2 ? one : two, user.id, now)),
    );
    expect(count("grants")).toBe(before + 1);
    const values = new Set(results.map((r) => (r.status === "ok" ? r.accessToken : r.status)));
    expect([...values]).toHaveLength(1);
    expect([...values][0]).not.toBe(tokens.access_token);
    expect(await userinfoStatus([...values][0]!)).toBe(200);
  });
});
