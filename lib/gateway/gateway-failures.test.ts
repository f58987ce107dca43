// Failure isolation and messages through real clients of both eras: down, slow, refusing and 401 upstreams; the
// status tool; progress relay; and the audit row of every outcome.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDriver } from "@/lib/testing/databases";
import { startToolsServer, type ToolsServer } from "@/e2e/fixtures/upstreams/tools-server";
import { serveFetch, type ListeningServer } from "@/e2e/fixtures/upstreams/node-http";
import { freePort } from "@/e2e/fixtures/net";
import { createTestCaller, startGatewayHarness, type GatewayHarness } from "@/lib/testing/gateway-harness";
import { getTestUserToken, insertTestServer, setTestSelection, connectTestAccount } from "@/lib/testing/gateway-rows";
import { CLIENT_KINDS, connectTestClient, rpcErrorCode } from "@/lib/testing/mcp-clients";
import { listAuditEvents } from "@/lib/db/queries/audit-events";
import type { McpServer } from "@/lib/db/schema";
import type { StatusReport } from "@/lib/gateway/status";

const GOOD = { name: "authorization", value: "Bearer tok-good" };

describeEachDriver("gateway failures", ({ handle }) => {
  let up: ToolsServer;
  let revocable: ToolsServer;
  let failing: ListeningServer;
  let failingHits = 0;
  let gw: GatewayHarness;
  const s: Record<string, McpServer> = {};
  const tag = Math.random().toString(36).slice(2, 6);
  const slug = (n: string) => `${n}-${tag}`;

  beforeAll(async () => {
    up = await startToolsServer();
    revocable = await startToolsServer({ requireHeader: GOOD });
    failing = await serveFetch(async () => {
      failingHits++;
      return new Response("database password is hunter2", { status: 500 });
    });
    const downUrl = `http://127.0.0.1:${await freePort()}/mcp`;
    gw = await startGatewayHarness(handle());
    const db = handle().db;
    const add = async (key: string, v: Partial<McpServer> & { url: string }) => {
      s[key] = await insertTestServer(db, { slug: slug(key), displayName: `Server ${key}`, ...v });
    };
    await add("up", { url: up.mcpUrl, allowInPlanMode: true });
    await add("slow", { url: up.mcpUrl, callTimeoutMs: 1000, toolAllowList: ["sleep"] });
    await add("down", { url: downUrl });
    await add("failing", { url: `${failing.url}/mcp` });
    await add("oauth", { url: revocable.mcpUrl, authType: "oauth2", toolAllowList: ["echo"] });
    await add("optional", { url: up.mcpUrl, availability: "default_off" });
    await add("mine", { url: up.mcpUrl });
  });
  afterAll(async () => {
    await gw?.close();
    await Promise.all([up?.close(), revocable?.close(), failing?.close()]);
  });

  async function caller(token = "tok-good") {
    const c = await createTestCaller(handle());
    await connectTestAccount(handle().db, { userId: c.user.id, serverId: s.oauth!.id, accessToken: token });
    return c;
  }

  for (const kind of CLIENT_KINDS) {
    describe(kind, () => {
      it("lists the healthy servers' tools while one upstream is down and another fails; status says which and why", async () => {
        const { token } = await caller();
        const c = await connectTestClient(kind, gw.mcpUrl, token);
        try {
          const names = (await c.listTools()).map((t) => t.name);
          expect(names).toContain(`${slug("up")}__echo`);
          expect(names).toContain(`${slug("oauth")}__echo`);
          expect(names.some((n) => n.startsWith(slug("down")) || n.startsWith(slug("failing")))).toBe(false);
          const status = (await c.call("switchboard__status")).structuredContent as unknown as StatusReport;
          const down = status.servers.find((x) => x.slug === slug("down"))!;
          expect(down).toMatchObject({
            state: "unreachable",
            lastError: expect.stringMatching(/could not be reached/),
          });
          const failed = status.servers.find((x) => x.slug === slug("failing"))!;
          expect(failed.state).toBe("unreachable");
          expect(JSON.stringify(status)).not.toContain("hunter2");
          // Members never see an upstream's address (their view of a server hides its URL): status names failures by kind.
          expect(JSON.stringify(status)).not.toContain(new URL(s.down!.url).host);
          // A call naming the unreachable server says so instead of "not found".
          const r = await c.call(`${slug("down")}__echo`, { message: "x" });
          expect(r.isError).toBe(true);
          expect(r.content[0]!.text).toMatch(/Server down is unavailable right now/);
          expect(r.content[0]!.text).not.toContain(new URL(s.down!.url).host);
        } finally {
          await c.close();
        }
      });

      it("times a slow call out after the server's own timeout with a what-to-do message, while other calls answer", async () => {
        const { token } = await caller();
        const c = await connectTestClient(kind, gw.mcpUrl, token);
        try {
          const [slow, fast] = await Promise.all([
            c.call(`${slug("slow")}__sleep`, { ms: 10_000 }),
            c.call(`${slug("up")}__add`, { a: 1, b: 1 }),
          ]);
          expect(slow.isError).toBe(true);
          expect(slow.content[0]!.text).toMatch(/Server slow did not answer within 1 s\. Try again later/);
          expect(fast.structuredContent).toEqual({ sum: 2 });
        } finally {
          await c.close();
        }
      });

      it("turns an upstream 401 on a call into 'reconnect' with the panel URL, marks the connection, and relays no upstream body or token", async () => {
        revocable.setRequiredHeader(GOOD);
        const { user, token } = await caller();
        const c = await connectTestClient(kind, gw.mcpUrl, token);
        try {
          expect((await c.listTools()).map((t) => t.name)).toContain(`${slug("oauth")}__echo`);
          revocable.setRequiredHeader({ name: "authorization", value: "Bearer something-else" });
          const r = await c.call(`${slug("oauth")}__echo`, { message: "x" });
          expect(r.isError).toBe(true);
          expect(r.content[0]!.text).toBe(
            "Server oauth rejected your connection (HTTP 401). Reconnect Server oauth at http://localhost:3999/connections and try again.",
          );
          expect(JSON.stringify(r)).not.toMatch(/upstream-secret-body|tok-good/);
          expect(gw.reconnectMarks).toContainEqual({ userId: user.id, serverId: s.oauth!.id });
          expect((await getTestUserToken(handle().db, user.id, s.oauth!.id))?.needsReconnectAt).toBeInstanceOf(Date);
          // From now on the server is not listed, and the status tool says what to do.
          expect((await c.listTools()).map((t) => t.name)).not.toContain(`${slug("oauth")}__echo`);
          const status = (await c.call("switchboard__status")).structuredContent as unknown as StatusReport;
          expect(status.servers.find((x) => x.slug === slug("oauth"))).toMatchObject({
            state: "needs_reconnect",
            url: "http://localhost:3999/connections",
          });
        } finally {
          revocable.setRequiredHeader(GOOD);
          await c.close();
        }
      });

      it("relays progress notifications when the client sent a progress token", async () => {
        const { token } = await caller();
        const c = await connectTestClient(kind, gw.mcpUrl, token);
        try {
          const progress: number[] = [];
          const r = await c.call(`${slug("up")}__count`, { n: 4 }, { onProgress: (p) => progress.push(p.progress) });
          expect(r.content[0]!.text).toBe("counted to 4");
          expect(progress).toEqual([1, 2, 3, 4]);
        } finally {
          await c.close();
        }
      });
    });
  }

  it("marks a connection whose token the upstream refuses while listing, and hides it", async () => {
    const { user, token } = await caller("tok-revoked");
    const c = await connectTestClient("v2 auto (2026-07-28)", gw.mcpUrl, token);
    try {
      expect((await c.listTools()).map((t) => t.name)).not.toContain(`${slug("oauth")}__echo`);
      expect(gw.reconnectMarks).toContainEqual({ userId: user.id, serverId: s.oauth!.id });
      await expect(c.call(`${slug("oauth")}__echo`, { message: "x" })).rejects.toSatisfy(
        (e) => rpcErrorCode(e) === -32602,
      );
    } finally {
      await c.close();
    }
  });

  it("skips an upstream whose connect failed for the next minute instead of retrying it on every request", async () => {
    const { token } = await caller();
    const c = await connectTestClient("v2 auto (2026-07-28)", gw.mcpUrl, token);
    try {
      await c.listTools();
      const after = failingHits;
      expect(after).toBeGreaterThan(0);
      await c.listTools();
      await c.call("switchboard__status");
      expect(failingHits).toBe(after);
    } finally {
      await c.close();
    }
  });

  it("status reports every server state the caller can act on, in words and as structured content", async () => {
    const { user, token } = await createTestCaller(handle());
    await setTestSelection(handle().db, user.id, s.mine!.id, false);
    const c = await connectTestClient("sdk-1.x (2025 era)", `${gw.mcpUrl}?mode=plan`, token);
    try {
      const r = await c.call("switchboard__status");
      const status = r.structuredContent as unknown as StatusReport;
      const state = (k: string) => status.servers.find((x) => x.slug === slug(k));
      expect(status.planMode).toBe(true);
      expect(state("up")).toMatchObject({ state: "available", tools: 5 });
      expect(state("slow")).toMatchObject({ state: "excluded_by_plan_mode" });
      expect(state("oauth")).toMatchObject({ state: "excluded_by_plan_mode" });
      expect(state("optional")).toMatchObject({ state: "not_opted_in", url: "http://localhost:3999/connections" });
      expect(state("mine")).toMatchObject({ state: "opted_out" });
      const text = r.content[0]!.text!;
      expect(text).toContain(`Switchboard status for ${user.email} (plan mode):`);
      expect(text).toContain(`?servers=${slug("optional")}`);
    } finally {
      await c.close();
    }
    const c2 = await connectTestClient("sdk-1.x (2025 era)", gw.mcpUrl, token);
    try {
      const status = (await c2.call("switchboard__status")).structuredContent as unknown as StatusReport;
      expect(status.servers.find((x) => x.slug === slug("oauth"))).toMatchObject({
        state: "not_connected",
        url: "http://localhost:3999/connections",
      });
    } finally {
      await c2.close();
    }
  });

  it("audits every call with its outcome: ok, tool_error, upstream_error and denied", async () => {
    const { user, token } = await caller();
    const c = await connectTestClient("v2 auto (2026-07-28)", gw.mcpUrl, token);
    try {
      await c.call(`${slug("up")}__echo`, { message: "fine" });
      await c.call(`${slug("up")}__fail`);
      await c.call(`${slug("slow")}__sleep`, { ms: 5000 });
      await c.call("nope__nothing").catch(() => undefined);
    } finally {
      await c.close();
    }
    await gw.flushAudits();
    const { events } = await listAuditEvents(handle().db, { actorId: user.id, kind: "tool.called", limit: 10 });
    const byTool = Object.fromEntries(events.map((e) => [e.tool, e]));
    expect(byTool[`${slug("up")}__echo`]).toMatchObject({
      outcome: "ok",
      serverId: s.up!.id,
      details: { server: slug("up"), upstreamTool: "echo" },
    });
    expect(byTool[`${slug("up")}__fail`]).toMatchObject({ outcome: "tool_error", serverId: s.up!.id });
    expect(byTool[`${slug("slow")}__sleep`]).toMatchObject({
      outcome: "upstream_error",
      serverId: s.slow!.id,
      details: { error: "timeout" },
    });
    expect(byTool["nope__nothing"]).toMatchObject({ outcome: "denied", serverId: null });
    for (const e of events) {
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
      expect(e.actorLabel).toBe(user.email);
      expect(e.via).toMatch(/^pat:/);
    }
  });
});
