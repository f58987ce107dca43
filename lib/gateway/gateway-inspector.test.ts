// The MCP Inspector CLI (a real third-party client) lists and calls gateway tools in both protocol eras.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/lib/testing/databases";
import type { DbHandle } from "@/lib/db/connect";
import { startToolsServer, type ToolsServer } from "@/e2e/fixtures/upstreams/tools-server";
import { createTestCaller, startGatewayHarness, type GatewayHarness } from "@/lib/testing/gateway-harness";
import { insertTestServer } from "@/lib/testing/gateway-rows";

const run = promisify(execFile);
const INSPECTOR = path.join(
  process.cwd(),
  "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js",
);

async function inspector(args: string[]): Promise<{ result?: Record<string, unknown> }> {
  const { stdout } = await run(process.execPath, [INSPECTOR, "--cli", ...args, "--format", "json", "--quiet"], {
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return JSON.parse(stdout) as { result?: Record<string, unknown> };
}

describe("MCP Inspector CLI against the gateway", () => {
  let db: DbHandle;
  let up: ToolsServer;
  let gw: GatewayHarness;
  let token: string;

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    up = await startToolsServer();
    gw = await startGatewayHarness(db);
    await insertTestServer(db.db, { slug: "inspected", url: up.mcpUrl });
    ({ token } = await createTestCaller(db));
  });
  afterAll(async () => {
    await gw?.close();
    await up?.close();
    await db?.close();
  });

  for (const [era, version, other] of [
    ["legacy", "2025-11-25", "2026-07-28"],
    ["modern", "2026-07-28", "2025-11-25"],
  ] as const) {
    it(`--protocol-era ${era} lists and calls tools`, async () => {
      const before = gw.protocolVersions.length;
      const auth = ["--header", `Authorization: Bearer ${token}`, "--protocol-era", era];
      const listed = await inspector([gw.mcpUrl, "--method", "tools/list", ...auth]);
      const names = (listed.result?.tools as Array<{ name: string }>).map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(["switchboard__status", "inspected__echo", "inspected__add"]));
      const called = await inspector([
        gw.mcpUrl,
        "--method",
        "tools/call",
        "--tool-name",
        "inspected__add",
        "--tool-args-json",
        '{"a":3,"b":4}',
        ...auth,
      ]);
      expect(called.result?.structuredContent).toEqual({ sum: 7 });
      expect(gw.protocolVersions.slice(before)).toContain(version);
      expect(gw.protocolVersions.slice(before)).not.toContain(other);
    });
  }
});
