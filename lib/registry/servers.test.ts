import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { describeEachDriver } from "@/lib/testing/databases";
import { createTestUser, sessionPrincipal } from "@/lib/testing/actors";
import { captureOutput } from "@/lib/testing/capture-output";
import { startOAuthUpstream, type OAuthUpstream } from "@/e2e/fixtures/upstreams/oauth-upstream";
import { AppError } from "@/lib/errors";
import { serverFieldsSchema } from "@/lib/server-input/schemas";
import { createServer, deleteServer, getVisibleServer, rediscoverServer, updateServer } from "@/lib/registry/servers";
import { serverViews } from "@/lib/registry/views";
import { listAuditEvents } from "@/lib/db/queries/audit-events";
import { getMcpServerById, listMcpServers } from "@/lib/db/queries/mcp-servers";
import { getUserToken, upsertUserToken } from "@/lib/db/queries/mcp-server-user-tokens";
import { openSecret, sealSecret } from "@/lib/crypto/instance-secrets";
import type { User } from "@/lib/db/schema";
import type { Principal } from "@/lib/auth/principal";

const SECRETS = { apiKey: "SECRET-apikey-5b1c", header: "SECRET-header-93e0", clientSecret: "SECRET-client-77aa" };
const output = captureOutput();

let upstream: OAuthUpstream;
let broken: OAuthUpstream[] = [];
beforeAll(async () => {
  upstream = await startOAuthUpstream({ name: "registry-test" });
  broken = await Promise.all([
    startOAuthUpstream({ resourceMetadata: "none" }),
    startOAuthUpstream({ registration: false }),
    startOAuthUpstream({ advertiseS256: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([upstream?.close(), ...broken.map((b) => b.close())]);
});

const input = (v: unknown) => serverFieldsSchema.parse(v);
const slug = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 8)}`;

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected an AppError");
}

describeEachDriver("server registry", ({ handle, db }) => {
  let admin: User;
  let member: User;
  let actor: Principal;
  beforeAll(async () => {
    admin = await createTestUser(db(), "admin", "Registry Admin");
    member = await createTestUser(db(), "member", "Registry Member");
    actor = sessionPrincipal(admin);
  });

  const assertNoSecrets = (text: string) => {
    for (const s of Object.values(SECRETS)) expect(text).not.toContain(s);
  };

  it("registers every auth type; secrets are sealed in their columns and appear in no DTO, audit event or log line", async () => {
    const made = [
      await createServer(
        handle(),
        actor,
        input({ displayName: "Plain", slug: slug("none"), url: "https://plain.example.com/mcp" }),
      ),
      await createServer(
        handle(),
        actor,
        input({
          displayName: "Key",
          slug: slug("key"),
          url: "https://key.example.com/mcp",
          authType: "api_key",
          apiKeyHeader: "X-API-Key",
          apiKeyValue: SECRETS.apiKey,
        }),
      ),
      await createServer(
        handle(),
        actor,
        input({
          displayName: "Hdr",
          slug: slug("hdr"),
          url: "https://hdr.example.com/mcp",
          authType: "custom_headers",
          customHeaders: { "X-Tenant": SECRETS.header },
        }),
      ),
      await createServer(
        handle(),
        actor,
        input({
          displayName: "Manual OAuth",
          slug: slug("oauth"),
          url: "https://oauth.example.com/mcp",
          authType: "oauth2",
          oauth2ClientId: "client-1",
          oauth2ClientSecret: SECRETS.clientSecret,
          oauth2AuthUrl: "https://as.example.com/authorize",
          oauth2TokenUrl: "https://as.example.com/token",
          oauth2Scopes: "read  write",
        }),
      ),
      await createServer(
        handle(),
        actor,
        input({ displayName: "SSO", slug: slug("oidc"), url: "https://sso.example.com/mcp", authType: "user_oidc" }),
      ),
    ];
    expect(made.map((s) => s.authType)).toEqual(["none", "api_key", "custom_headers", "oauth2", "user_oidc"]);
    expect(
      made.every(
        (s) =>
          s.enabled === false &&
          s.allowInPlanMode === false &&
          s.availability === "default_on" &&
          s.toolPrefix === s.slug,
      ),
    ).toBe(true);

    // Raw columns hold ciphertext only.
    const raw = await db().execute(
      sql`select api_key_value_encrypted, custom_headers_encrypted, oauth2_client_secret_encrypted from mcp_servers`,
    );
    const rawText = JSON.stringify(raw);
    assertNoSecrets(rawText);
    expect(openSecret(made[1]!.apiKeyValueEncrypted!)).toBe(SECRETS.apiKey);
    expect(made[3]!.oauth2Scopes).toBe("read write");

    const adminViews = await serverViews(handle(), admin, made);
    expect(adminViews[1]).toMatchObject({
      hasApiKey: true,
      apiKeyHeader: "X-API-Key",
      authConnected: true,
      connectionState: "not_required",
    });
    expect(adminViews[2]).toMatchObject({ hasCustomHeaders: true, customHeaderNames: ["X-Tenant"] });
    expect(adminViews[3]).toMatchObject({ hasOAuth2Secret: true, oauth2ClientId: "client-1", authConnected: false });
    expect(adminViews[4]).toMatchObject({ authConnected: false, connectionState: "not_connected" });
    for (const v of adminViews) {
      expect(v).not.toHaveProperty("apiKeyValue");
      expect(v).not.toHaveProperty("oauth2ClientSecret");
      expect(v).not.toHaveProperty("customHeaders");
    }
    const events = await listAuditEvents(db(), { kind: "server.created", limit: 50 });
    const keyEvent = events.events.find((e) => e.targetId === made[1]!.id)!;
    expect(keyEvent.details).toEqual({
      changed: expect.arrayContaining(["apiKeyHeader", "apiKeyValue", "displayName", "slug", "url", "authType"]),
    });
    assertNoSecrets(JSON.stringify(adminViews) + JSON.stringify(events) + output.text());
  });

  it("members see enabled servers only, redacted; a disabled server is not found for them", async () => {
    const on = await createServer(
      handle(),
      actor,
      input({
        displayName: "On",
        slug: slug("on"),
        url: "https://on.example.com/mcp",
        enabled: true,
        authType: "api_key",
        apiKeyHeader: "X-K",
        apiKeyValue: SECRETS.apiKey,
      }),
    );
    const off = await createServer(
      handle(),
      actor,
      input({ displayName: "Off", slug: slug("off"), url: "https://off.example.com/mcp" }),
    );
    const visible = await listMcpServers(db(), { enabledOnly: true });
    expect(visible.map((s) => s.id)).toContain(on.id);
    expect(visible.map((s) => s.id)).not.toContain(off.id);
    const [view] = await serverViews(handle(), member, [on]);
    for (const hidden of [
      "url",
      "transport",
      "oauth2ClientId",
      "oauth2AuthUrl",
      "oauth2TokenUrl",
      "oauth2Scopes",
      "apiKeyHeader",
      "customHeaderNames",
    ]) {
      expect(view).not.toHaveProperty(hidden);
    }
    expect(view).toMatchObject({ hasApiKey: true, authConnected: true, selected: true });
    expect((await failure(getVisibleServer(db(), member, off.id))).status).toBe(404);
    expect((await getVisibleServer(db(), admin, off.id)).id).toBe(off.id);
  });

  it("a duplicate slug is 409 and invalid input 400; neither stores anything or writes an audit event", async () => {
    const s = slug("dup");
    await createServer(handle(), actor, input({ displayName: "A", slug: s, url: "https://a.example.com/mcp" }));
    const before = (await listMcpServers(db())).length;
    const auditBefore = (await listAuditEvents(db(), { limit: 500 })).events.length;
    const dup = await failure(
      createServer(handle(), actor, input({ displayName: "B", slug: s, url: "https://b.example.com/mcp" })),
    );
    expect(dup.status).toBe(409);
    expect(dup.fields).toEqual({ slug: expect.any(String) });
    const bad = await failure(
      createServer(
        handle(),
        actor,
        input({
          displayName: "C",
          slug: slug("bad"),
          url: "https://c.example.com/mcp",
          authType: "api_key",
          apiKeyHeader: "X-K",
        }),
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.fields).toEqual({ apiKeyValue: expect.any(String) });
    const other = await createServer(
      handle(),
      actor,
      input({ displayName: "D", slug: slug("d"), url: "https://d.example.com/mcp" }),
    );
    expect((await failure(updateServer(handle(), actor, other.id, input({ slug: s })))).status).toBe(409);
    expect((await listMcpServers(db())).length).toBe(before + 1);
    expect((await listAuditEvents(db(), { limit: 500 })).events.length).toBe(auditBefore + 1);
  });

  it("an edit changes only the fields sent, keeps an unsent secret, bumps updated_at and audits field names", async () => {
    const row = await createServer(
      handle(),
      actor,
      input({
        displayName: "Edit",
        slug: slug("edit"),
        url: "https://e.example.com/mcp",
        authType: "api_key",
        apiKeyHeader: "X-K",
        apiKeyValue: SECRETS.apiKey,
      }),
    );
    const updated = await updateServer(
      handle(),
      actor,
      row.id,
      input({ description: "Now described", allowInPlanMode: true }),
    );
    expect(updated).toMatchObject({
      description: "Now described",
      allowInPlanMode: true,
      displayName: "Edit",
      apiKeyHeader: "X-K",
      updatedBy: admin.id,
    });
    expect(updated.apiKeyValueEncrypted).toBe(row.apiKeyValueEncrypted);
    expect(updated.updatedAt.getTime()).toBeGreaterThan(row.updatedAt.getTime());
    const rotated = await updateServer(handle(), actor, row.id, input({ apiKeyValue: `${SECRETS.apiKey}-2` }));
    expect(openSecret(rotated.apiKeyValueEncrypted!)).toBe(`${SECRETS.apiKey}-2`);
    const events = (await listAuditEvents(db(), { serverId: row.id, kind: "server.updated", limit: 10 })).events;
    expect(events.map((e) => e.details.changed)).toEqual([["apiKeyValue"], ["description", "allowInPlanMode"]]);
    assertNoSecrets(JSON.stringify(events));
  });

  it("changing the auth type clears the old type's columns, secrets included", async () => {
    const row = await createServer(
      handle(),
      actor,
      input({
        displayName: "Switch",
        slug: slug("sw"),
        url: "https://s.example.com/mcp",
        authType: "custom_headers",
        customHeaders: { "X-A": SECRETS.header },
      }),
    );
    const switched = await updateServer(
      handle(),
      actor,
      row.id,
      input({ authType: "api_key", apiKeyHeader: "X-K", apiKeyValue: SECRETS.apiKey }),
    );
    expect(switched).toMatchObject({ authType: "api_key", customHeadersEncrypted: null, customHeaderNames: [] });
    const event = (await listAuditEvents(db(), { serverId: row.id, kind: "server.updated", limit: 1 })).events[0]!;
    expect(event.details).toMatchObject({ cleared: ["customHeaders"] });
  });

  it("deleting a server removes every user's tokens for it", async () => {
    const row = await createServer(
      handle(),
      actor,
      input({
        displayName: "Del",
        slug: slug("del"),
        url: "https://del.example.com/mcp",
        authType: "oauth2",
        oauth2ClientId: "c",
        oauth2AuthUrl: "https://as.example.com/a",
        oauth2TokenUrl: "https://as.example.com/t",
      }),
    );
    await upsertUserToken(db(), row.id, member.id, {
      accessTokenEncrypted: sealSecret("at"),
      refreshTokenEncrypted: null,
      tokenType: "Bearer",
      scope: null,
      expiresAt: null,
    });
    await deleteServer(handle(), actor, row.id);
    expect(await getMcpServerById(db(), row.id)).toBeUndefined();
    expect(await getUserToken(db(), row.id, member.id)).toBeUndefined();
    expect((await failure(deleteServer(handle(), actor, row.id))).status).toBe(404);
    expect((await listAuditEvents(db(), { serverId: row.id, kind: "server.deleted", limit: 1 })).events).toHaveLength(
      1,
    );
  });

  it("moving an oauth2 server to another URL removes users' tokens, so they are never sent to the new URL", async () => {
    const row = await createServer(
      handle(),
      actor,
      input({
        displayName: "Moved",
        slug: slug("moved"),
        url: "https://old.example.com/mcp",
        authType: "oauth2",
        oauth2ClientId: "c",
        oauth2AuthUrl: "https://as.example.com/a",
        oauth2TokenUrl: "https://as.example.com/t",
      }),
    );
    await upsertUserToken(db(), row.id, member.id, {
      accessTokenEncrypted: sealSecret("at-for-old"),
      refreshTokenEncrypted: null,
      tokenType: "Bearer",
      scope: null,
      expiresAt: null,
    });
    await updateServer(handle(), actor, row.id, input({ description: "renamed only" }));
    expect(await getUserToken(db(), row.id, member.id)).toBeDefined();
    const moved = await updateServer(handle(), actor, row.id, input({ url: "https://new.example.com/mcp" }));
    expect(moved.url).toBe("https://new.example.com/mcp");
    expect(await getUserToken(db(), row.id, member.id)).toBeUndefined();
    const [event] = (await listAuditEvents(db(), { serverId: row.id, kind: "server.updated", limit: 1 })).events;
    expect(event!.details).toMatchObject({ changed: ["url"], userTokensRemoved: true });
  });

  it("oauth2 without manual config discovers the real authorization server and registers a client dynamically", async () => {
    const before = upstream.stats().registrations;
    const row = await createServer(
      handle(),
      actor,
      input({ displayName: "Discovered", slug: slug("disc"), url: upstream.mcpUrl, authType: "oauth2", enabled: true }),
    );
    expect(upstream.stats().registrations).toBe(before + 1);
    expect(row).toMatchObject({
      enabled: true,
      oauth2Issuer: upstream.issuer,
      oauth2AuthUrl: `${upstream.issuer}/auth`,
      oauth2TokenUrl: `${upstream.issuer}/token`,
      oauth2RevocationUrl: `${upstream.issuer}/token/revocation`,
      oauth2Resource: upstream.mcpUrl,
      oauth2Scopes: "mcp:tools",
      oauth2Registration: "dynamic",
      oauth2TokenEndpointAuthMethod: "none",
      oauth2IssParameterSupported: true,
      oauth2ClientSecretEncrypted: null,
    });
    expect(row.oauth2ClientId).toMatch(/\S{10,}/);

    const withScopes = await createServer(
      handle(),
      actor,
      input({
        displayName: "Scoped",
        slug: slug("scoped"),
        url: upstream.mcpUrl,
        authType: "oauth2",
        oauth2Scopes: "mcp:tools openid",
      }),
    );
    expect(withScopes.oauth2Scopes).toBe("mcp:tools openid");

    const again = await rediscoverServer(handle(), actor, row.id, undefined);
    expect(again.oauth2ClientId).not.toBe(row.oauth2ClientId);
    expect(
      (await listAuditEvents(db(), { serverId: row.id, kind: "server.discovered", limit: 1 })).events,
    ).toHaveLength(1);
  });

  it("switching a server to oauth2 runs discovery; a failed discovery leaves the server unchanged", async () => {
    const row = await createServer(
      handle(),
      actor,
      input({ displayName: "Later", slug: slug("later"), url: upstream.mcpUrl }),
    );
    const switched = await updateServer(handle(), actor, row.id, input({ authType: "oauth2" }));
    expect(switched).toMatchObject({
      authType: "oauth2",
      oauth2Registration: "dynamic",
      oauth2Issuer: upstream.issuer,
    });
    const plain = await createServer(
      handle(),
      actor,
      input({ displayName: "Stays", slug: slug("stays"), url: "http://127.0.0.1:1/mcp" }),
    );
    const err = await failure(updateServer(handle(), actor, plain.id, input({ authType: "oauth2" })));
    expect(err.status).toBe(400);
    expect((await getMcpServerById(db(), plain.id))!.authType).toBe("none");
  });

  it("a failed discovery on create answers 400 naming the step, leaves no half-created row, and is audited", async () => {
    const targets = [...broken.map((b) => b.mcpUrl), "http://127.0.0.1:1/mcp"];
    const steps: string[] = [];
    for (const url of targets) {
      const s = slug("fail");
      const err = await failure(
        createServer(handle(), actor, input({ displayName: "Nope", slug: s, url, authType: "oauth2" })),
      );
      expect(err.status).toBe(400);
      expect(err.message).toMatch(/manually/);
      steps.push(/at step "(\w+)"/.exec(err.message)![1]!);
      expect((await listMcpServers(db())).some((r) => r.slug === s)).toBe(false);
      const events = (await listAuditEvents(db(), { kind: "server.discovery_failed", limit: 50 })).events;
      expect(events.some((e) => e.details.slug === s && e.outcome === "failure")).toBe(true);
    }
    expect(steps).toEqual(["resource_metadata", "registration", "pkce", "server"]);
    // The slug is free again: the admin can retry with a manual configuration.
  });
});
