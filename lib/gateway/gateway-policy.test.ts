// Every availability rule, observed through real MCP clients of both eras: what tools/list shows and what tools/call
// accepts are the same set, and refused calls look exactly like unknown tools.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDriver } from "@/lib/testing/databases";
import { startToolsServer, type ToolsServer } from "@/e2e/fixtures/upstreams/tools-server";
import { createTestCaller, startGatewayHarness, type GatewayHarness } from "@/lib/testing/gateway-harness";
import { insertTestServer, setTestSelection, connectTestAccount } from "@/lib/testing/gateway-rows";
import { CLIENT_KINDS, connectTestClient, echoed, rpcErrorCode, type TestClient } from "@/lib/testing/mcp-clients";
import { listAuditEvents } from "@/lib/db/queries/audit-events";
import type { McpServer } from "@/lib/db/schema";
import { upsertOidcAccount } from "@/lib/db/queries/oidc-accounts";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc-tokens";
import { sealSecret } from "@/lib/crypto/instance-secrets";

const prefixes = (names: string[]) =>
  [...new Set(names.filter((n) => n !== "switchboard__status").map((n) => n.split("__")[0]))].sort();

/** The JSON-RPC error (code + message) of a call, or "ok". */
async function callOutcome(c: TestClient, name: string, args: Record<string, unknown> = { message: "x" }) {
  try {
    await c.call(name, args);
    return "ok";
  } catch (err) {
    return { code: rpcErrorCode(err), message: String((err as Error).message).replace(name, "<name>") };
  }
}

describeEachDriver("gateway availability policy", ({ handle }) => {
  let up: ToolsServer;
  let oauthUp: ToolsServer;
  let gw: GatewayHarness;
  const s: Record<string, McpServer> = {};
  const tag = Math.random().toString(36).slice(2, 6);
  const slug = (name: string) => `${name}-${tag}`;

  beforeAll(async () => {
    up = await startToolsServer();
    oauthUp = await startToolsServer({ requireHeader: { name: "authorization", value: "Bearer user-token-1" } });
    gw = await startGatewayHarness(handle());
    const db = handle().db;
    const add = async (key: string, v: Partial<McpServer>) => {
      s[key] = await insertTestServer(db, { slug: slug(key), url: up.mcpUrl, ...v });
    };
    await add("on", { availability: "default_on", allowInPlanMode: true });
    await add("noplan", { availability: "default_on", allowInPlanMode: false });
    await add("off", { availability: "default_off", allowInPlanMode: true });
    await add("force", { availability: "force_on", allowInPlanMode: true });
    await add("disabled", { enabled: false, availability: "force_on", allowInPlanMode: true });
    await add("lists", { toolAllowList: ["echo", "add"], toolDenyList: ["add"] });
    await add("oauthnc", { authType: "oauth2", url: oauthUp.mcpUrl });
    await add("oauth", { authType: "oauth2", url: oauthUp.mcpUrl });
    await add("sso", { authType: "user_oidc", url: up.mcpUrl, toolAllowList: ["echo"] });
  });
  afterAll(async () => {
    await gw?.close();
    await up?.close();
    await oauthUp?.close();
  });

  async function caller() {
    const { user, token } = await createTestCaller(handle());
    await connectTestAccount(handle().db, { userId: user.id, serverId: s.oauth!.id, accessToken: "user-token-1" });
    return { user, token };
  }

  for (const kind of CLIENT_KINDS) {
    describe(kind, () => {
      it("lists enabled default_on and force_on servers, connected oauth2 only, and allowed tools only; the rest is an unknown tool", async () => {
        const { token } = await caller();
        const c = await connectTestClient(kind, gw.mcpUrl, token);
        try {
          const names = (await c.listTools()).map((t) => t.name);
          // The member signed in with a password: the single-sign-on server needs an IdP sign-in first.
          expect(prefixes(names)).toEqual(
            [slug("force"), slug("lists"), slug("noplan"), slug("oauth"), slug("on")].sort(),
          );
          expect(names.filter((n) => n.startsWith(`${slug("lists")}__`))).toEqual([`${slug("lists")}__echo`]);
          expect(names[0]).toBe("switchboard__status");

          const unknown = await callOutcome(c, "nothing__here");
          expect(unknown).toEqual({ code: -32602, message: expect.stringContaining("<name> not found") });
          for (const hidden of [
            `${slug("off")}__echo`,
            `${slug("disabled")}__echo`,
            `${slug("oauthnc")}__echo`,
            `${slug("sso")}__echo`,
            `${slug("lists")}__add`,
            `${slug("lists")}__sleep`,
          ]) {
            expect(await callOutcome(c, hidden), hidden).toEqual(unknown);
          }
          expect(await callOutcome(c, `${slug("on")}__echo`)).toBe("ok");
          expect(await callOutcome(c, `${slug("oauth")}__echo`)).toBe("ok");
        } finally {
          await c.close();
        }
      });

      it("plan mode (query or header) hides and refuses servers not approved for it", async () => {
        const { token } = await caller();
        for (const [url, headers] of [
          [`${gw.mcpUrl}?mode=plan`, {}],
          [gw.mcpUrl, { "x-switchboard-mode": "plan" }],
        ] as const) {
          const c = await connectTestClient(kind, url, token, headers);
          try {
            const names = (await c.listTools()).map((t) => t.name);
            expect(prefixes(names)).toEqual([slug("force"), slug("on")].sort());
            expect(names).toContain("switchboard__status");
            expect(await callOutcome(c, `${slug("noplan")}__echo`)).toMatchObject({ code: -32602 });
            expect(await callOutcome(c, `${slug("on")}__echo`)).toBe("ok");
          } finally {
            await c.close();
          }
        }
      });

      it("honours the user's opt-out and opt-in", async () => {
        const { user, token } = await caller();
        await setTestSelection(handle().db, user.id, s.on!.id, false);
        await setTestSelection(handle().db, user.id, s.off!.id, true);
        await setTestSelection(handle().db, user.id, s.force!.id, false);
        const c = await connectTestClient(kind, gw.mcpUrl, token);
        try {
          const listed = prefixes((await c.listTools()).map((t) => t.name));
          expect(listed).toContain(slug("off"));
          expect(listed).toContain(slug("force"));
          expect(listed).not.toContain(slug("on"));
          expect(await callOutcome(c, `${slug("on")}__echo`)).toMatchObject({ code: -32602 });
          expect(echoed((await c.call(`${slug("off")}__echo`, { message: "opted in" })) as never).args).toEqual({
            message: "opted in",
          });
        } finally {
          await c.close();
        }
      });

      it("?servers= opts into default_off servers and restricts the set to those named plus force_on", async () => {
        const { token } = await caller();
        const c = await connectTestClient(kind, `${gw.mcpUrl}?servers=${slug("off")},${slug("on")}`, token);
        try {
          expect(prefixes((await c.listTools()).map((t) => t.name))).toEqual(
            [slug("force"), slug("off"), slug("on")].sort(),
          );
          expect(await callOutcome(c, `${slug("off")}__echo`)).toBe("ok");
          expect(await callOutcome(c, `${slug("noplan")}__echo`)).toMatchObject({ code: -32602 });
        } finally {
          await c.close();
        }
      });
    });
  }

  it("lists a single-sign-on server once the user holds an identity-provider token, and sends that token upstream", async () => {
    const { user, token } = await caller();
    await upsertOidcAccount(handle().db, {
      userId: user.id,
      provider: OIDC_PROVIDER_ID,
      subject: `sub-${user.id}`,
      accessTokenEncrypted: sealSecret("idp-access-token"),
      refreshTokenEncrypted: null,
      tokenType: "Bearer",
      scope: "openid",
      expiresAt: new Date(Date.now() + 3600_000),
    });
    const c = await connectTestClient("v2 auto (2026-07-28)", gw.mcpUrl, token);
    try {
      expect((await c.listTools()).map((t) => t.name)).toContain(`${slug("sso")}__echo`);
      expect(echoed(await c.call(`${slug("sso")}__echo`, { message: "sso" })).headers.authorization).toBe(
        "Bearer idp-access-token",
      );
    } finally {
      await c.close();
    }
  });

  it("audits refused calls as denied, with the caller and the name they asked for", async () => {
    const { user, token } = await caller();
    const c = await connectTestClient("v2 auto (2026-07-28)", gw.mcpUrl, token);
    await callOutcome(c, `${slug("off")}__echo`);
    await c.close();
    await gw.flushAudits();
    const { events } = await listAuditEvents(handle().db, { actorId: user.id, kind: "tool.called", limit: 10 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      tool: `${slug("off")}__echo`,
      outcome: "denied",
      serverId: null,
      actorLabel: user.email,
    });
    expect(events[0]!.via).toMatch(/^pat:/);
  });

  it("answers GET and DELETE with 405, and a bad mode with 400, before doing anything", async () => {
    const { token } = await caller();
    for (const method of ["GET", "DELETE"]) {
      const res = await fetch(gw.mcpUrl, { method, headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
    }
    const bad = await fetch(`${gw.mcpUrl}?mode=yolo`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/Unknown mode/);
  });
});
