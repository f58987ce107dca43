// Statelessness: two built app instances on one PostgreSQL serve the same MCP caller alternately, request by
// request, for clients of both eras — no sticky sessions, no errors, every call audited once.
import { request as pwRequest } from "@playwright/test";
import { test, expect, apiSignIn, unique } from "./test";
import { startApp, type AppInstance } from "./fixtures/app";
import { createTestDatabase, sharedSecrets, type TestDatabase } from "./fixtures/postgres";
import { startToolsServer, type ToolsServer } from "./fixtures/upstreams/tools-server";
import { CLIENT_KINDS, connectTestClient, echoed } from "../lib/testing/mcp-clients";

const ADMIN = { email: "instances-admin@switchboard.test", password: "instances-password-1" };

test.describe("two instances, one database", () => {
  let db: TestDatabase;
  let apps: AppInstance[] = [];
  let upstream: ToolsServer;
  let token: string;
  const slug = unique("twin").toLowerCase();

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    db = await createTestDatabase();
    upstream = await startToolsServer();
    const secrets = sharedSecrets();
    const env = { SWITCHBOARD_ADMIN_EMAIL: ADMIN.email, SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password };
    // One after the other: the second finds the database migrated and the admin created.
    apps.push(await startApp({ databaseUrl: db.url, ...secrets, env }));
    apps.push(await startApp({ databaseUrl: db.url, ...secrets, env }));

    const ctx = await pwRequest.newContext({ baseURL: apps[0]!.url, extraHTTPHeaders: { origin: apps[0]!.url } });
    await apiSignIn(ctx, ADMIN.email, ADMIN.password);
    const created = await ctx.post("/api/me/tokens", { data: { name: "instances", expiresInDays: 1 } });
    expect(created.status()).toBe(201);
    token = ((await created.json()) as { token: string }).token;
    const server = await ctx.post("/api/servers", {
      data: { displayName: "Twin upstream", slug, url: upstream.mcpUrl, enabled: true },
    });
    expect(server.status(), await server.text()).toBe(201);
    await ctx.dispose();
  });

  test.afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    apps = [];
    await upstream?.close();
    await db?.drop();
  });

  for (const kind of CLIENT_KINDS) {
    test(`a ${kind} client whose requests alternate between the instances`, async () => {
      const origins = apps.map((a) => new URL(a.url));
      const served: string[] = [];
      let next = 0;
      const alternate = (input: string | URL, init?: RequestInit) => {
        const url = new URL(String(input));
        const target = origins[next++ % origins.length]!;
        url.host = target.host;
        served.push(url.host);
        return fetch(url, init);
      };
      const countCalls = async () =>
        (await db.sql<Array<{ n: number }>>`select count(*)::int as n from audit_events where kind = 'tool.called'`)[0]!
          .n;
      const before = await countCalls();
      const client = await connectTestClient(kind, `${apps[0]!.url}/api/mcp`, token, {}, { fetch: alternate });
      let calls = 0;
      try {
        for (let i = 0; i < 6; i++) {
          const names = (await client.listTools()).map((t) => t.name);
          expect(names).toEqual(expect.arrayContaining(["switchboard__status", `${slug}__echo`, `${slug}__add`]));
          expect(echoed(await client.call(`${slug}__echo`, { message: `round ${i}` })).args).toEqual({
            message: `round ${i}`,
          });
          expect((await client.call(`${slug}__add`, { a: i, b: 1 })).structuredContent).toEqual({ sum: i + 1 });
          calls += 2;
        }
      } finally {
        await client.close();
      }
      expect(new Set(served).size).toBe(2);
      // Audit rows are written just behind each response.
      await expect.poll(async () => (await countCalls()) - before).toBe(calls);
    });
  }
});
