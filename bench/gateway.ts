// `npm run bench`: the built app on PostgreSQL in front of real loopback upstreams, against a direct connection and
// Civic's passthrough proxy as a peer. Prints, in one run: tools/call p50/p95/throughput at c=1 and c=16, tools/list
// over 20 upstreams answering in 50 ms (cold and warm), and peak RSS with 64 concurrent clients.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { startApp, type AppInstance } from "../e2e/fixtures/app";
import { createTestDatabase, sharedSecrets, type TestDatabase } from "../e2e/fixtures/postgres";
import { startService, type Service } from "../e2e/fixtures/service";
import { startCivicPassthrough, type RunningUpstream } from "../e2e/fixtures/upstreams/third-party";
import { combine, medianOf, ms, runLoad, sampleRss, type RunResult } from "./stats";

const CALLS = {
  1: Number(process.env.BENCH_CALLS_C1 ?? 500),
  16: Number(process.env.BENCH_CALLS_C16 ?? 4000),
} as const;
const DELAYED = 20;
const DELAY_MS = 50;
const RSS_CLIENTS = 64;
const ROUNDS = 3;
const APP_NODE_OPTIONS = process.env.BENCH_APP_NODE_OPTIONS ?? "--max-old-space-size=256";

type Target = { label: string; url: string; tool: string; headers?: Record<string, string> };

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "switchboard-bench", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

async function callRun(t: Target, concurrency: number, total: number): Promise<RunResult> {
  const clients = await Promise.all(Array.from({ length: concurrency }, () => connect(t.url, t.headers)));
  try {
    const ops = clients.map((c) => () => c.callTool({ name: t.tool, arguments: { a: 1, b: 2 } }));
    await runLoad(ops, Math.min(200, total)); // warm-up: pooled clients, JIT, connection reuse
    return await runLoad(ops, total);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

function ensureBuilt(): void {
  if (existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) return;
  console.log("No production build found: running `npm run build` first…");
  const r = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function main() {
  ensureBuilt();
  const services: Array<{ stop(): Promise<void> }> = [];
  let db: TestDatabase | undefined;
  try {
    db = await createTestDatabase();
    const host: Service & { match: RegExpMatchArray } = await startService({
      name: "bench-upstreams",
      command: process.execPath,
      args: ["--import", "tsx", "bench/upstream-host.ts"],
      env: { DELAYED: String(DELAYED), DELAY_MS: String(DELAY_MS) },
      ready: /UPSTREAMS READY (.*)/,
      timeoutMs: 60_000,
    });
    services.push(host);
    const upstreams = JSON.parse(host.match[1]!) as { fast: string; delayed: string[] };

    const admin = { email: "bench@switchboard.test", password: "bench-password-1" };
    const app: AppInstance = await startApp({
      databaseUrl: db.url,
      ...sharedSecrets(),
      env: {
        SWITCHBOARD_ADMIN_EMAIL: admin.email,
        SWITCHBOARD_ADMIN_PASSWORD: admin.password,
        LOG_LEVEL: "warn",
        // As `npm start` runs it (a heap cap keeps V8 from growing the heap lazily to ~4x what is live); override
        // with BENCH_APP_NODE_OPTIONS (empty = V8 defaults).
        NODE_OPTIONS: APP_NODE_OPTIONS,
      },
    });
    services.push(app);
    const fastOrigin = new URL(upstreams.fast);
    const civic: RunningUpstream = await startCivicPassthrough({
      origin: fastOrigin.origin,
      mcpPath: fastOrigin.pathname,
    });
    services.push(civic);

    // A personal access token for the admin, and the servers, straight into the database the app uses.
    const token = `sb_pat_${randomBytes(32).toString("base64url")}`;
    const [user] = await db.sql<Array<{ id: string }>>`select id from users where email = ${admin.email}`;
    await db.sql`insert into personal_access_tokens (user_id, name, token_hash) values (${user!.id}, 'bench', ${createHash("sha256").update(token).digest("hex")})`;
    await db.sql`insert into mcp_servers (display_name, slug, url, tool_prefix, enabled, availability) values ('Fast', 'fast', ${upstreams.fast}, 'fast', true, 'default_off')`;
    for (const [i, url] of upstreams.delayed.entries()) {
      await db.sql`insert into mcp_servers (display_name, slug, url, tool_prefix, enabled, availability) values (${`Delayed ${i + 1}`}, ${`delayed-${i + 1}`}, ${url}, ${`delayed-${i + 1}`}, true, 'default_off')`;
    }
    const auth = { authorization: `Bearer ${token}` };
    const mcp = `${app.url}/api/mcp`;
    const targets: Target[] = [
      { label: "direct", url: upstreams.fast, tool: "add" },
      { label: "gateway", url: `${mcp}?servers=fast`, tool: "fast__add", headers: auth },
      { label: "civic passthrough", url: civic.mcpUrl, tool: "add" },
    ];

    console.log(
      `\nSwitchboard gateway benchmark — ${new Date().toISOString()}, Node ${process.version}, PostgreSQL, built app (next start, NODE_OPTIONS="${APP_NODE_OPTIONS}")\n`,
    );
    // Interleaved rounds, so that load from elsewhere on a shared machine hits all three targets alike.
    const results: Record<string, Record<number, RunResult>> = {};
    for (const c of [1, 16] as const) {
      const rounds: Record<string, RunResult[]> = {};
      for (let round = 0; round < ROUNDS; round++) {
        for (const t of targets) (rounds[t.label] ??= []).push(await callRun(t, c, Math.ceil(CALLS[c] / ROUNDS)));
      }
      for (const t of targets) (results[t.label] ??= {})[c] = combine(rounds[t.label]!);
    }
    console.log("tools/call (v2 client, `add` tool)          p50        p95        throughput   errors");
    for (const c of [1, 16] as const) {
      for (const t of targets) {
        const r = results[t.label]![c]!;
        console.log(
          `  c=${String(c).padEnd(3)} ${t.label.padEnd(30)} ${ms(r.p50).padStart(10)} ${ms(r.p95).padStart(10)} ${r.throughput.toFixed(0).padStart(8)} /s ${String(r.errors).padStart(6)}`,
        );
      }
    }

    // tools/list: one upstream directly (fresh client: connect + list, and a connected client), then the gateway.
    const one = upstreams.delayed[0]!;
    const directFresh = await medianOf(10, async () => {
      const c = await connect(one);
      await c.listTools(undefined, { cacheMode: "bypass" });
      await c.close();
    });
    const directClient = await connect(one);
    const directConnected = await medianOf(10, () => directClient.listTools(undefined, { cacheMode: "bypass" }));
    await directClient.close();
    const all = upstreams.delayed.map((_, i) => `delayed-${i + 1}`);
    const gw1 = await connect(`${mcp}?servers=delayed-1`, auth);
    const gw20 = await connect(`${mcp}?servers=${all.join(",")}`, auth);
    const makeCold = async () => {
      // A new server version: the gateway's pooled clients and cached lists for these servers no longer apply.
      await db!.sql`update mcp_servers set updated_at = now() where slug like 'delayed-%'`;
    };
    const count = async (c: Client) => (await c.listTools(undefined, { cacheMode: "bypass" })).tools.length;
    if ((await count(gw20)) !== DELAYED * 5 + 1)
      throw new Error("the gateway did not list every delayed upstream's tools");
    const cold1 = await medianOf(10, () => count(gw1), makeCold);
    const cold20 = await medianOf(10, () => count(gw20), makeCold);
    await count(gw20);
    const warm20 = await medianOf(50, () => count(gw20));
    // The same warm list as one plain HTTP request (2025-era framing), without an SDK client parsing 101 tools.
    const rawList = () =>
      fetch(`${mcp}?servers=${all.join(",")}`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      }).then((r) => r.text());
    const warm20Raw = await medianOf(50, rawList);
    await gw1.close();
    await gw20.close();
    console.log(`\ntools/list, upstreams answering every request after ${DELAY_MS} ms (medians)`);
    console.log(`  direct, one upstream, connected client        ${ms(directConnected)}`);
    console.log(`  direct, one upstream, fresh client (connect+list) ${ms(directFresh)}`);
    console.log(`  gateway, 1 upstream, cold                     ${ms(cold1)}`);
    console.log(`  gateway, ${DELAYED} upstreams, cold                   ${ms(cold20)}`);
    console.log(`  gateway, ${DELAYED} upstreams, warm                   ${ms(warm20)}`);
    console.log(`  gateway, ${DELAYED} upstreams, warm, raw HTTP request ${ms(warm20Raw)}`);

    // Peak RSS of the app's process group while 64 clients call concurrently.
    const idle = sampleRss(app.pid).stop();
    const rss = sampleRss(app.pid);
    const rssRun = await callRun(targets[1]!, RSS_CLIENTS, RSS_CLIENTS * 40);
    const peak = rss.stop();
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
    console.log(
      `\nmemory: app RSS idle ${mb(idle)}, peak with ${RSS_CLIENTS} concurrent clients ${mb(peak)} (${rssRun.throughput.toFixed(0)} calls/s, ${rssRun.errors} errors)`,
    );

    const d = results.direct!;
    const g = results.gateway!;
    const p = results["civic passthrough"]!;
    const check = (ok: boolean, text: string) => console.log(`  ${ok ? "✓" : "✗"} ${text}`);
    console.log("\ntargets");
    check(
      g[1]!.p50 <= 1.25 * d[1]!.p50,
      `gateway p50 ≤ 1.25× direct at c=1: ${ms(g[1]!.p50)} vs ${ms(1.25 * d[1]!.p50)} (${(g[1]!.p50 / d[1]!.p50).toFixed(2)}×)`,
    );
    check(
      g[16]!.throughput >= 0.8 * d[16]!.throughput,
      `gateway throughput ≥ 0.8× direct at c=16: ${g[16]!.throughput.toFixed(0)}/s vs ${(0.8 * d[16]!.throughput).toFixed(0)}/s (${(g[16]!.throughput / d[16]!.throughput).toFixed(2)}×)`,
    );
    check(
      g[1]!.p50 < p[1]!.p50 && g[16]!.throughput > p[16]!.throughput,
      `faster than the peer: p50 ${ms(g[1]!.p50)} vs ${ms(p[1]!.p50)}, c=16 ${g[16]!.throughput.toFixed(0)}/s vs ${p[16]!.throughput.toFixed(0)}/s`,
    );
    check(
      cold20 <= 1.2 * directFresh + 20,
      `20-upstream cold list ≤ 1.2× one upstream (fresh client) + 20 ms: ${ms(cold20)} vs ${ms(1.2 * directFresh + 20)}`,
    );
    check(
      cold20 <= 1.2 * cold1 + 20,
      `20-upstream cold list ≤ 1.2× the gateway's 1-upstream cold list + 20 ms: ${ms(cold20)} vs ${ms(1.2 * cold1 + 20)}`,
    );
    check(
      warm20Raw <= 5,
      `warm list ≤ 5 ms: ${ms(warm20Raw)} as a plain request, ${ms(warm20)} through the SDK client`,
    );
    check(peak <= 300 * 1024 * 1024, `peak RSS ≤ 300 MB: ${mb(peak)}`);
  } finally {
    for (const s of services.reverse()) await s.stop().catch(() => {});
    await db?.drop().catch(() => {});
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
