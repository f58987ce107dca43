import { afterAll, beforeAll, expect, it } from "vitest";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { describeEachDriver } from "@/lib/testing/databases";
import { createTestUser, sessionPrincipal } from "@/lib/testing/actors";
import { connectUser } from "@/lib/testing/connect-flow";
import { startOAuthUpstream, type OAuthUpstream } from "@/e2e/fixtures/upstreams/oauth-upstream";
import { serverFieldsSchema } from "@/lib/server-input/schemas";
import { createServer } from "@/lib/registry/servers";
import { upsertOidcAccount } from "@/lib/db/queries/oidc-accounts";
import { getUserToken } from "@/lib/db/queries/mcp-server-user-tokens";
import { openSecret, sealSecret } from "@/lib/crypto/instance-secrets";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc-tokens";
import { resolveUpstreamCredentials } from "@/lib/auth-types/credentials";
import { IDENTITY_HEADERS } from "@/lib/upstream/identity-headers";
import { identityJwks, IDENTITY_TOKEN_TTL_S } from "@/lib/upstream/identity-jwt";
import { connectUpstream } from "@/lib/upstream/mcp-client";
import type { User } from "@/lib/db/schema";

let upstream: OAuthUpstream;
beforeAll(async () => {
  upstream = await startOAuthUpstream({ name: "credentials-test" });
});
afterAll(async () => {
  await upstream?.close();
});

const slug = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 8)}`;

describeEachDriver("upstream credentials", ({ handle, db }) => {
  let admin: User;
  let user: User;
  beforeAll(async () => {
    admin = await createTestUser(db(), "admin");
    user = await createTestUser(db(), "member", "Zoë Ünicode");
  });
  const create = (fields: Record<string, unknown>) =>
    createServer(
      handle(),
      sessionPrincipal(admin),
      serverFieldsSchema.parse({ displayName: "C", slug: slug("c"), url: "https://up.example.com/mcp", ...fields }),
    );

  it("builds exactly the headers of each auth type", async () => {
    expect(await resolveUpstreamCredentials(handle(), user, await create({}))).toEqual({ ok: true, headers: {} });
    expect(
      await resolveUpstreamCredentials(
        handle(),
        user,
        await create({ authType: "api_key", apiKeyHeader: "X-API-Key", apiKeyValue: "k-1" }),
      ),
    ).toEqual({
      ok: true,
      headers: { "X-API-Key": "k-1" },
    });
    expect(
      await resolveUpstreamCredentials(
        handle(),
        user,
        await create({ authType: "custom_headers", customHeaders: { "X-Tenant": "t", "X-Region": "eu" } }),
      ),
    ).toEqual({
      ok: true,
      headers: { "X-Tenant": "t", "X-Region": "eu" },
    });

    const oauth = await create({ url: upstream.mcpUrl, authType: "oauth2" });
    expect(await resolveUpstreamCredentials(handle(), user, oauth)).toMatchObject({
      ok: false,
      state: "not_connected",
      message: expect.stringMatching(/\/connections/),
    });
    await connectUser(handle(), user, oauth);
    const token = openSecret((await getUserToken(db(), oauth.id, user.id))!.accessTokenEncrypted);
    expect(await resolveUpstreamCredentials(handle(), user, oauth)).toEqual({
      ok: true,
      headers: { Authorization: `Bearer ${token}` },
    });

    const sso = await create({ authType: "user_oidc" });
    expect(await resolveUpstreamCredentials(handle(), user, sso)).toMatchObject({
      ok: false,
      state: "needs_oidc_sign_in",
      message: expect.stringMatching(/signed in with a password/),
    });
    const idpUser = await createTestUser(db(), "member");
    await upsertOidcAccount(db(), {
      userId: idpUser.id,
      provider: OIDC_PROVIDER_ID,
      subject: `sub-${idpUser.id}`,
      accessTokenEncrypted: sealSecret("idp-access-token-1"),
      refreshTokenEncrypted: null,
      tokenType: "Bearer",
      scope: "openid",
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    expect(await resolveUpstreamCredentials(handle(), idpUser, sso)).toEqual({
      ok: true,
      headers: { Authorization: "Bearer idp-access-token-1" },
    });
  });

  it("adds identity headers and a short-lived JWT that verifies with the published key, for that upstream only", async () => {
    const server = await create({
      authType: "api_key",
      apiKeyHeader: "X-API-Key",
      apiKeyValue: "k-2",
      forwardIdentityHeaders: true,
    });
    const creds = await resolveUpstreamCredentials(handle(), user, server);
    if (!creds.ok) throw new Error(creds.message);
    expect(creds.headers).toMatchObject({
      "X-API-Key": "k-2",
      [IDENTITY_HEADERS.userId]: user.id,
      [IDENTITY_HEADERS.email]: user.email,
      [IDENTITY_HEADERS.name]: encodeURIComponent("Zoë Ünicode"),
    });
    const jwt = creds.headers[IDENTITY_HEADERS.token]!;
    const jwks = createLocalJWKSet(await identityJwks(handle()));
    const { payload } = await jwtVerify(jwt, jwks, { issuer: "http://localhost:3999", audience: server.url });
    expect(payload).toMatchObject({ sub: user.id, email: user.email, name: "Zoë Ünicode" });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(IDENTITY_TOKEN_TTL_S);
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: "ES256", kid: expect.stringMatching(/^sb-id-/) });
    await expect(
      jwtVerify(jwt, jwks, { issuer: "http://localhost:3999", audience: "https://another-upstream.example.com/mcp" }),
    ).rejects.toThrow();
    // The key is stored once, its private half sealed.
    const jwksAgain = await identityJwks(handle());
    expect(jwksAgain.keys).toHaveLength(1);
    expect(JSON.stringify(jwksAgain)).not.toMatch(/"d":/);
    const plain = await create({});
    const none = await resolveUpstreamCredentials(handle(), user, plain);
    expect(none.ok && Object.keys(none.headers)).toEqual([]);
  });

  it("the upstream receives exactly these headers: the user's token and identity, nothing of the caller's own", async () => {
    const server = await create({ url: upstream.mcpUrl, authType: "oauth2", forwardIdentityHeaders: true });
    await connectUser(handle(), user, server);
    const creds = await resolveUpstreamCredentials(handle(), user, server);
    if (!creds.ok) throw new Error(creds.message);
    const seenBefore = upstream.seen.length;
    const conn = await connectUpstream({ url: server.url, transport: server.transport, headers: creds.headers });
    try {
      const echoed = await conn.client.callTool({ name: "echo", arguments: { message: "hi" } });
      const body = JSON.parse((echoed.content as Array<{ text: string }>)[0]!.text) as {
        headers: Record<string, string>;
        subject: string;
      };
      expect(body.subject).toBe("alice");
      expect(body.headers["x-switchboard-user-id"]).toBe(user.id);
      expect(body.headers["x-switchboard-identity"]).toBe(creds.headers[IDENTITY_HEADERS.token]);
    } finally {
      await conn.close();
    }
    for (const seen of upstream.seen.slice(seenBefore)) {
      expect(seen.headers.authorization).toBe(creds.headers.Authorization);
      expect(JSON.stringify(seen.headers)).not.toMatch(/sb_pat_|authjs\.session-token|cookie/i);
    }
  });
});
