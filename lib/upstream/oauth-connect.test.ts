import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { describeEachDriver } from "@/lib/testing/databases";
import { createTestUser, sessionPrincipal } from "@/lib/testing/actors";
import { captureOutput } from "@/lib/testing/capture-output";
import { authorizeAtUpstream, callback, connectUser } from "@/lib/testing/connect-flow";
import { startOAuthUpstream, type OAuthUpstream } from "@/e2e/fixtures/upstreams/oauth-upstream";
import { serverFieldsSchema } from "@/lib/server-input/schemas";
import { createServer } from "@/lib/registry/servers";
import { getUserToken, updateUserToken } from "@/lib/db/queries/mcp-server-user-tokens";
import { listAuditEvents } from "@/lib/db/queries/audit-events";
import { openSecret } from "@/lib/crypto/instance-secrets";
import { beginConnect, disconnect, STATE_COOKIE, VERIFIER_COOKIE } from "@/lib/upstream/oauth-connect";
import { getUsableServerToken } from "@/lib/upstream/user-tokens";
import { markNeedsReconnect, resolveUpstreamCredentials } from "@/lib/auth-types/credentials";
import { getConnectionState } from "@/lib/connections/state";
import { oauthClientConfig, revokeToken } from "@/lib/upstream/oauth-client";
import { connectUpstream, listAllTools } from "@/lib/upstream/mcp-client";
import type { McpServer, User } from "@/lib/db/schema";

const output = captureOutput();

let upstream: OAuthUpstream;
let steady: OAuthUpstream;
beforeAll(async () => {
  upstream = await startOAuthUpstream({ name: "connect-test" });
  steady = await startOAuthUpstream({ name: "no-rotation", rotateRefreshTokens: false });
});
afterAll(async () => {
  await Promise.all([upstream?.close(), steady?.close()]);
});

const slug = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 8)}`;
const grants = (u: OAuthUpstream, type: string) => u.stats().grants[type] ?? 0;

describeEachDriver("connect, callback, refresh, disconnect", ({ handle, db }) => {
  let admin: User;
  let server: McpServer;
  let steadyServer: McpServer;
  beforeAll(async () => {
    admin = await createTestUser(db(), "admin");
    const make = (url: string) =>
      createServer(
        handle(),
        sessionPrincipal(admin),
        serverFieldsSchema.parse({ displayName: "Upstream", slug: slug("up"), url, authType: "oauth2", enabled: true }),
      );
    server = await make(upstream.mcpUrl);
    steadyServer = await make(steady.mcpUrl);
  });
  const newUser = () => createTestUser(db(), "member");
  const expire = async (user: User, s: McpServer) => {
    const row = await getUserToken(db(), s.id, user.id);
    // Issued an hour ago, expired a minute ago.
    await updateUserToken(
      db(),
      row!.id,
      { expiresAt: new Date(Date.now() - 60_000) },
      new Date(Date.now() - 3_600_000),
    );
  };

  it("connects with PKCE S256 and the RFC 8707 resource, stores encrypted tokens, and the token works upstream", async () => {
    const user = await newUser();
    const begun = await beginConnect(server, user);
    const authorize = new URL(begun.redirectTo);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: "code",
      client_id: server.oauth2ClientId,
      redirect_uri: `http://localhost:3999/api/servers/${server.id}/oauth2/callback`,
      code_challenge_method: "S256",
      resource: upstream.mcpUrl,
      scope: "mcp:tools",
    });
    expect(begun.cookies.map((c) => [c.name, c.path, c.maxAgeSeconds, c.secure])).toEqual([
      [STATE_COOKIE, `/api/servers/${server.id}/oauth2/callback`, 600, false],
      [VERIFIER_COOKIE, `/api/servers/${server.id}/oauth2/callback`, 600, false],
    ]);
    expect(begun.cookies[1]!.value).not.toContain(authorize.searchParams.get("code_challenge")!);

    await connectUser(handle(), user, server, "alice");
    const last = upstream.stats().authorizations.at(-1)!;
    expect(last).toMatchObject({ resource: upstream.mcpUrl, codeChallengeMethod: "S256" });
    expect(upstream.stats().tokenResources.at(-1)).toBe(upstream.mcpUrl);

    const row = (await getUserToken(db(), server.id, user.id))!;
    const accessToken = openSecret(row.accessTokenEncrypted);
    const refreshToken = openSecret(row.refreshTokenEncrypted!);
    const raw = JSON.stringify(
      await db().execute(
        sql`select access_token_encrypted, refresh_token_encrypted from mcp_server_user_tokens where id = ${row.id}`,
      ),
    );
    expect(raw).not.toContain(accessToken);
    expect(raw).not.toContain(refreshToken);
    expect(row).toMatchObject({ tokenType: "Bearer", scope: "mcp:tools", needsReconnectAt: null });
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_000_000);

    const creds = await resolveUpstreamCredentials(handle(), user, server);
    expect(creds).toEqual({ ok: true, headers: { Authorization: `Bearer ${accessToken}` } });
    const conn = await connectUpstream({
      url: server.url,
      transport: server.transport,
      headers: creds.ok ? creds.headers : {},
    });
    try {
      expect((await listAllTools(conn)).map((t) => t.name)).toContain("whoami");
      const who = await conn.client.callTool({ name: "whoami", arguments: {} });
      expect((who.content as Array<{ text: string }>)[0]!.text).toBe("alice");
    } finally {
      await conn.close();
    }
    expect(await getConnectionState(handle(), user, server)).toEqual({
      connectionState: "connected",
      authConnected: true,
    });
    expect(
      (await listAuditEvents(db(), { actorId: user.id, kind: "connection.connected", limit: 5 })).events,
    ).toHaveLength(1);
    expect(output.text()).not.toContain(accessToken);
    expect(output.text()).not.toContain(refreshToken);
  });

  it("stores nothing for a mismatched state, a missing verifier, another user's cookies, a wrong iss, or a denial", async () => {
    const user = await newUser();
    const other = await newUser();
    const cases: Array<[string, () => Promise<Parameters<typeof callback>[3]>, User]> = [
      [
        "state_mismatch",
        async () => {
          const cb = await authorizeAtUpstream(server, user);
          return { params: cb.params, cookies: { ...cb.cookies, [STATE_COOKIE]: "forged-state" } };
        },
        user,
      ],
      [
        "state_mismatch",
        async () => {
          const cb = await authorizeAtUpstream(server, user);
          return { params: cb.params, cookies: {} };
        },
        user,
      ],
      [
        "missing_verifier",
        async () => {
          const cb = await authorizeAtUpstream(server, user);
          return { params: cb.params, cookies: { [STATE_COOKIE]: cb.cookies[STATE_COOKIE]! } };
        },
        user,
      ],
      ["wrong_user", async () => authorizeAtUpstream(server, user), other],
      [
        "iss_mismatch",
        async () => {
          const cb = await authorizeAtUpstream(server, user);
          cb.params.set("iss", "http://127.0.0.1:9/evil");
          return cb;
        },
        user,
      ],
      [
        "iss_mismatch",
        async () => {
          const cb = await authorizeAtUpstream(server, user);
          cb.params.delete("iss");
          return cb;
        },
        user,
      ],
      ["provider_error", async () => authorizeAtUpstream(server, user, "deny"), user],
    ];
    const codesBefore = grants(upstream, "authorization_code");
    for (const [reason, make, who] of cases) {
      const outcome = await callback(handle(), who, server, await make());
      expect(outcome).toMatchObject({ ok: false, status: 400, reason });
    }
    const denied = await callback(handle(), user, server, await authorizeAtUpstream(server, user, "deny"));
    expect(denied.ok === false && denied.message).toMatch(
      /denied access at the test authorization server.*access_denied/,
    );
    expect(grants(upstream, "authorization_code")).toBe(codesBefore);
    expect(await getUserToken(db(), server.id, user.id)).toBeUndefined();
    expect(await getUserToken(db(), server.id, other.id)).toBeUndefined();
    const failed = (await listAuditEvents(db(), { kind: "connection.failed", limit: 50 })).events.filter(
      (e) => e.actorId === user.id || e.actorId === other.id,
    );
    expect(failed.length).toBe(cases.length + 1);
  });

  it("a replayed callback fails at the authorization server and changes nothing stored", async () => {
    const user = await newUser();
    const cb = await authorizeAtUpstream(server, user);
    expect((await callback(handle(), user, server, cb)).ok).toBe(true);
    const stored = (await getUserToken(db(), server.id, user.id))!;
    const replay = await callback(handle(), user, server, cb);
    expect(replay).toMatchObject({
      ok: false,
      status: 502,
      reason: "exchange_failed",
      message: expect.stringMatching(/refused the authorization code \(invalid_grant\)/),
    });
    const after = (await getUserToken(db(), server.id, user.id))!;
    expect(after.accessTokenEncrypted).toBe(stored.accessTokenEncrypted);
    expect(after.updatedAt.getTime()).toBe(stored.updatedAt.getTime());
  });

  it("refreshes an expired token, persists it, and the refreshed token works upstream", async () => {
    const user = await newUser();
    await connectUser(handle(), user, server);
    const before = (await getUserToken(db(), server.id, user.id))!;
    await expire(user, server);
    const refreshes = grants(upstream, "refresh_token");
    const result = await getUsableServerToken(handle(), user.id, server);
    expect(result).toMatchObject({ status: "ok", refreshed: true });
    expect(grants(upstream, "refresh_token")).toBe(refreshes + 1);
    const after = (await getUserToken(db(), server.id, user.id))!;
    expect(openSecret(after.accessTokenEncrypted)).toBe(result.status === "ok" && result.accessToken);
    expect(after.refreshTokenEncrypted).not.toBe(before.refreshTokenEncrypted);
    expect(await getUsableServerToken(handle(), user.id, server)).toMatchObject({ status: "ok", refreshed: false });
    const conn = await connectUpstream({
      url: server.url,
      transport: server.transport,
      headers: { Authorization: `Bearer ${openSecret(after.accessTokenEncrypted)}` },
    });
    await conn.close();
  });

  it("keeps the refresh token when the authorization server does not rotate it", async () => {
    const user = await newUser();
    await connectUser(handle(), user, steadyServer);
    const original = openSecret((await getUserToken(db(), steadyServer.id, user.id))!.refreshTokenEncrypted!);
    for (let i = 0; i < 2; i++) {
      await expire(user, steadyServer);
      expect(await getUsableServerToken(handle(), user.id, steadyServer)).toMatchObject({
        status: "ok",
        refreshed: true,
      });
      expect(openSecret((await getUserToken(db(), steadyServer.id, user.id))!.refreshTokenEncrypted!)).toBe(original);
    }
  });

  it("a refresh refused with invalid_grant marks the connection needs_reconnect (kept, not used)", async () => {
    const user = await newUser();
    await connectUser(handle(), user, server);
    const row = (await getUserToken(db(), server.id, user.id))!;
    expect(
      await revokeToken(
        oauthClientConfig(server)!,
        server.oauth2RevocationUrl!,
        openSecret(row.refreshTokenEncrypted!),
        "refresh_token",
      ),
    ).toBe(true);
    await expire(user, server);
    expect(await getUsableServerToken(handle(), user.id, server)).toEqual({ status: "needs_reconnect" });
    expect((await getUserToken(db(), server.id, user.id))!.needsReconnectAt).toBeInstanceOf(Date);
    expect(await getConnectionState(handle(), user, server)).toEqual({
      connectionState: "needs_reconnect",
      authConnected: false,
    });
    expect(await resolveUpstreamCredentials(handle(), user, server)).toMatchObject({
      ok: false,
      state: "needs_reconnect",
      message: expect.stringMatching(/reconnect it at http:\/\/localhost:3999\/connections/),
    });
    // Connecting again clears the mark.
    await connectUser(handle(), user, server);
    expect(await getConnectionState(handle(), user, server)).toEqual({
      connectionState: "connected",
      authConnected: true,
    });
  });

  it("an upstream 401 marks the connection, unless the token was replaced meanwhile", async () => {
    const user = await newUser();
    await connectUser(handle(), user, server);
    await markNeedsReconnect(handle(), user.id, server.id, "some-older-token");
    expect((await getConnectionState(handle(), user, server)).connectionState).toBe("connected");
    const current = openSecret((await getUserToken(db(), server.id, user.id))!.accessTokenEncrypted);
    await markNeedsReconnect(handle(), user.id, server.id, current);
    expect((await getConnectionState(handle(), user, server)).connectionState).toBe("needs_reconnect");
  });

  it("disconnect removes the tokens, revokes them at the authorization server, and is idempotent", async () => {
    const user = await newUser();
    await connectUser(handle(), user, server);
    const revocations = upstream.stats().revocations;
    const actor = { actorId: user.id, actorLabel: user.email, via: "session" };
    expect(await disconnect(handle(), actor, user.id, server)).toEqual({ removed: true, revoked: true });
    expect(upstream.stats().revocations).toBe(revocations + 1);
    expect(await getUserToken(db(), server.id, user.id)).toBeUndefined();
    expect(await disconnect(handle(), actor, user.id, server)).toEqual({ removed: false, revoked: false });
    expect(await getConnectionState(handle(), user, server)).toEqual({
      connectionState: "not_connected",
      authConnected: false,
    });
    expect(
      (await listAuditEvents(db(), { actorId: user.id, kind: "connection.disconnected", limit: 5 })).events,
    ).toHaveLength(1);
  });
});
