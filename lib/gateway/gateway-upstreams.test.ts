// Upstreams of every kind behind the gateway, for clients of both eras: an SDK v2 server (2026-07-28), a 1.x SDK
// sessionful server (2025 era) that forgets its sessions, the deprecated SSE transport, and the third-party
// reference server from npm; plus tools/list_changed invalidating the cached list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDriver } from "@/lib/testing/databases";
import { startToolsServer, type ToolsServer } from "@/e2e/fixtures/upstreams/tools-server";
import { startLegacyServer, type LegacyServer } from "@/e2e/fixtures/upstreams/legacy-server";
import { startEverythingServer, type RunningUpstream } from "@/e2e/fixtures/upstreams/third-party";
import { createTestCaller, startGatewayHarness, type GatewayHarness } from "@/lib/testing/gateway-harness";
import { insertTestServer } from "@/lib/testing/gateway-rows";
import { CLIENT_KINDS, connectTestClient, echoed } from "@/lib/testing/mcp-clients";
import type { McpServer } from "@/lib/db/schema";

describeEachDriver("gateway upstream kinds", ({ handle }) => {
  let modern: ToolsServer;
  let legacy: LegacyServer;
  let everything: RunningUpstream;
  let gw: GatewayHarness;
  const s: Record<string, McpServer> = {};
  const tag = Math.random().toString(36).slice(2, 6);
  const slug = (n: string) => `${n}-${tag}`;

  beforeAll(async () => {
    [modern, legacy, everything] = await Promise.all([
      startToolsServer(),
      startLegacyServer(),
      startEverythingServer(),
    ]);
    gw = await startGatewayHarness(handle());
    const db = handle().db;
    s.modern = await insertTestServer(db, { slug: slug("modern"), url: modern.mcpUrl });
    s.legacy = await insertTestServer(db, { slug: slug("legacy"), url: legacy.mcpUrl });
    s.sse = await insertTestServer(db, { slug: slug("sse"), url: legacy.sseUrl, transport: "sse" });
    s.everything = await insertTestServer(db, { slug: slug("everything"), url: everything.mcpUrl });
  });
  afterAll(async () => {
    await gw?.close();
    await Promise.all([modern?.close(), legacy?.close(), everything?.stop()]);
  });

  for (const kind of CLIENT_KINDS) {
    describe(kind, () => {
      it("lists and calls tools of a 2026-07-28 upstream, a 2025-era upstream, an SSE upstream and server-everything", async () => {
        const { token } = await createTestCaller(handle());
        const c = await connectTestClient(kind, gw.mcpUrl, token);
        try {
          const names = (await c.listTools()).map((t) => t.name);
          for (const k of ["modern", "legacy", "sse"]) {
            expect(names, k).toContain(`${slug(k)}__echo`);
            expect(echoed(await c.call(`${slug(k)}__echo`, { message: k })).args).toEqual({ message: k });
            expect((await c.call(`${slug(k)}__add`, { a: 20, b: 22 })).structuredContent).toEqual({ sum: 42 });
          }
          expect(names).toContain(`${slug("everything")}__get-sum`);
          const sum = await c.call(`${slug("everything")}__get-sum`, { a: 2, b: 3 });
          expect(sum.isError).toBeFalsy();
          expect(sum.content[0]!.text).toMatch(/5/);
          const progress: number[] = [];
          await c.call(`${slug("legacy")}__count`, { n: 3 }, { onProgress: (p) => progress.push(p.progress) });
          expect(progress).toEqual([1, 2, 3]);
        } finally {
          await c.close();
        }
      });

      it("reconnects transparently when a 2025-era upstream forgets the session", async () => {
        const { token } = await createTestCaller(handle());
        const c = await connectTestClient(kind, gw.mcpUrl, token);
        try {
          await c.call(`${slug("legacy")}__echo`, { message: "before" });
          const handshakes = legacy.initializeCount();
          legacy.forgetSessions();
          expect(echoed(await c.call(`${slug("legacy")}__echo`, { message: "after" })).args).toEqual({
            message: "after",
          });
          expect(legacy.initializeCount()).toBe(handshakes + 1);
        } finally {
          await c.close();
        }
      });
    });
  }

  it("reuses one pooled upstream client across requests instead of reconnecting", async () => {
    const { token } = await createTestCaller(handle());
    const c = await connectTestClient("v2 auto (2026-07-28)", gw.mcpUrl, token);
    try {
      await c.call(`${slug("legacy")}__echo`, { message: "warm" });
      const handshakes = legacy.initializeCount();
      for (let i = 0; i < 5; i++) await c.call(`${slug("legacy")}__echo`, { message: `again ${i}` });
      expect(legacy.initializeCount()).toBe(handshakes);
    } finally {
      await c.close();
    }
  });

  it("drops a cached tool list when the upstream announces tools/list_changed", async () => {
    const { token } = await createTestCaller(handle());
    const c = await connectTestClient("v2 auto (2026-07-28)", gw.mcpUrl, token);
    try {
      expect((await c.listTools()).map((t) => t.name)).not.toContain(`${slug("modern")}__late_${tag}`);
      modern.addTool(`late_${tag}`);
      // The cache TTL is 60 s: seeing the tool well before that proves the notification invalidated it.
      await expect
        .poll(async () => (await c.listTools()).map((t) => t.name), { timeout: 15_000, interval: 200 })
        .toContain(`${slug("modern")}__late_${tag}`);
    } finally {
      await c.close();
    }
  });
});
