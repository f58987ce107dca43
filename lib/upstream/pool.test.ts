import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLegacyServer, type LegacyServer } from "@/e2e/fixtures/upstreams/legacy-server";
import { serveFetch, type ListeningServer } from "@/e2e/fixtures/upstreams/node-http";
import { freePort } from "@/e2e/fixtures/net";
import { poolKey, UpstreamPool, type PoolTarget } from "@/lib/upstream/pool";
import { listAllTools, UpstreamError } from "@/lib/upstream/mcp-client";

let legacy: LegacyServer;
let denying: ListeningServer;
let denied = 0;

beforeAll(async () => {
  legacy = await startLegacyServer();
  denying = await serveFetch(async () => {
    denied++;
    return new Response("no", { status: 401 });
  });
});
afterAll(async () => {
  await legacy.close();
  await denying.close();
});

const target = (p: Partial<PoolTarget> = {}): PoolTarget => ({
  serverId: "s1",
  serverVersion: "v1",
  url: legacy.mcpUrl,
  transport: "streamable_http",
  headers: {},
  ...p,
});
const kindOf = async (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof UpstreamError ? e.kind : String(e)),
  );

describe("upstream client pool", () => {
  it("keys on server, version and credentials without exposing the credentials", () => {
    const a = poolKey(target({ headers: { authorization: "Bearer secret-a" } }));
    expect(a).not.toContain("secret-a");
    expect(poolKey(target({ headers: { authorization: "Bearer secret-a" } }))).toBe(a);
    expect(poolKey(target({ headers: { authorization: "Bearer secret-b" } }))).not.toBe(a);
    expect(poolKey(target({ headers: { authorization: "Bearer secret-a" }, serverVersion: "v2" }))).not.toBe(a);
  });

  it("reuses one connection per (server, credential) and opens another for other credentials or a new server version", async () => {
    const pool = new UpstreamPool();
    try {
      const start = legacy.initializeCount();
      for (let i = 0; i < 3; i++) await pool.run(target(), (c) => listAllTools(c));
      expect(legacy.initializeCount()).toBe(start + 1);
      await pool.run(target({ headers: { "x-user": "2" } }), (c) => listAllTools(c));
      await pool.run(target({ serverVersion: "v2" }), (c) => listAllTools(c));
      expect(legacy.initializeCount()).toBe(start + 3);
      expect(pool.size).toBe(3);
    } finally {
      await pool.closeAll();
    }
  });

  it("stays within its bound (least recently used first) and closes idle clients", async () => {
    let now = 1_000_000;
    const pool = new UpstreamPool({ maxEntries: 2, idleMs: 60_000, now: () => now });
    try {
      for (const user of ["a", "b", "c"])
        await pool.run(target({ headers: { "x-user": user } }), (c) => listAllTools(c));
      expect(pool.size).toBe(2);
      now += 61_000;
      pool.sweepNow();
      expect(pool.size).toBe(0);
    } finally {
      await pool.closeAll();
    }
  });

  it("reconnects and retries once when the upstream forgot the session", async () => {
    const pool = new UpstreamPool();
    try {
      await pool.run(target(), (c) => listAllTools(c));
      legacy.forgetSessions();
      const tools = await pool.run(target(), (c) => listAllTools(c));
      expect(tools.map((t) => t.name)).toContain("echo");
    } finally {
      await pool.closeAll();
    }
  });

  it("remembers a failed connect: server-wide for an unreachable upstream, per credential for a 401", async () => {
    let now = 5_000_000;
    const pool = new UpstreamPool({ negativeTtlMs: 60_000, now: () => now });
    try {
      const down = target({ serverId: "down", url: `http://127.0.0.1:${await freePort()}/mcp` });
      expect(await kindOf(pool.run(down, (c) => listAllTools(c)))).toBe("unreachable");
      expect(pool.recentFailure({ ...down, headers: { other: "user" } })?.kind).toBe("unreachable");

      const deny = target({ serverId: "deny", url: `${denying.url}/mcp`, headers: { authorization: "Bearer x" } });
      expect(await kindOf(pool.run(deny, (c) => listAllTools(c)))).toBe("unauthorized");
      const hits = denied;
      expect(await kindOf(pool.run(deny, (c) => listAllTools(c)))).toBe("unauthorized");
      expect(denied).toBe(hits);
      expect(pool.recentFailure({ ...deny, headers: { authorization: "Bearer y" } })).toBeUndefined();

      now += 60_001;
      expect(pool.recentFailure(down)).toBeUndefined();
      expect(await kindOf(pool.run(deny, (c) => listAllTools(c)))).toBe("unauthorized");
      expect(denied).toBeGreaterThan(hits);
    } finally {
      await pool.closeAll();
    }
  });
});
