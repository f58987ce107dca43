// Real third-party MCP clients connect to /api/mcp knowing only its URL: discovery, registration, a real Chromium
// sign-in + Approve, token exchange, tools/list — and a refresh.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from "@modelcontextprotocol/client";
import { Client as LegacyClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as LegacyTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { auth as legacyAuth } from "@modelcontextprotocol/sdk/client/auth.js";
import { test, expect, adminApi, createUser, env } from "./test";
import { approveInBrowser, recordingBrowser, startCallbackServer } from "./fixtures/oauth-browser";
import { MemoryOAuthProvider } from "./fixtures/sdk-oauth-provider";
import { StdioJsonRpc } from "./fixtures/stdio-client";
import { freePort } from "./fixtures/net";

const mcpUrl = () => `${env("E2E_BASE_URL")}/api/mcp`;

async function member() {
  const admin = await adminApi();
  const user = await createUser(admin, "member");
  await admin.dispose();
  return user;
}

/** The caller as the gateway's status tool reports it (who, and through which client). */
function statusOf(result: unknown): Record<string, unknown> {
  return (result as { structuredContent: Record<string, unknown> }).structuredContent;
}

test("MCP SDK v2 client: connect → 401 → finishAuth after Approve → tools/list → transparent refresh", async ({
  browser,
}) => {
  const user = await member();
  const callback = await startCallbackServer();
  try {
    const provider = new MemoryOAuthProvider(callback.url, "SDK v2 e2e client");
    const transport = new StreamableHTTPClientTransport(new URL(mcpUrl()), { authProvider: provider as never });
    const first = new Client({ name: "sdk-v2-e2e", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
    await expect(first.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.authorizationUrl?.searchParams.get("code_challenge_method")).toBe("S256");
    expect(provider.authorizationUrl?.searchParams.get("resource")).toBe(mcpUrl());

    const landed = await approveInBrowser(browser, provider.authorizationUrl!.href, user);
    const params = await callback.params;
    expect(landed.searchParams.get("code")).toBe(params.get("code"));
    expect(params.get("state")).toBe(provider.lastState);
    expect(params.get("iss")).toBe(env("E2E_BASE_URL"));
    await transport.finishAuth(params);
    const issued = provider.savedTokens!;
    expect(issued.refresh_token).toMatch(/^sb_rt_/);

    const client = new Client({ name: "sdk-v2-e2e", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl()), { authProvider: provider as never }));
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("switchboard__status");
    expect(statusOf(await client.callTool({ name: "switchboard__status", arguments: {} }))).toMatchObject({
      user: { email: user.email },
      via: "oauth",
    });
    await client.close();

    // The access token "expires" (the server refuses it): the client refreshes by itself and carries on.
    provider.savedTokens = { ...issued, access_token: "expired.invalid.token" };
    const again = new Client({ name: "sdk-v2-e2e", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
    await again.connect(new StreamableHTTPClientTransport(new URL(mcpUrl()), { authProvider: provider as never }));
    expect((await again.listTools()).tools.map((t) => t.name)).toContain("switchboard__status");
    expect(provider.savedTokens!.refresh_token).not.toBe(issued.refresh_token);
    expect(provider.savedTokens!.access_token).not.toBe(issued.access_token);
    await again.close();
  } finally {
    await callback.close();
  }
});

test("MCP SDK 1.x client: auth() → Approve → auth() with the code → tools/list → auth() refreshes", async ({
  browser,
}) => {
  const user = await member();
  const callback = await startCallbackServer();
  try {
    const provider = new MemoryOAuthProvider(callback.url, "SDK 1.x e2e client");
    expect(await legacyAuth(provider as never, { serverUrl: mcpUrl() })).toBe("REDIRECT");
    await approveInBrowser(browser, provider.authorizationUrl!.href, user);
    const params = await callback.params;
    expect(params.get("state")).toBe(provider.lastState);
    expect(await legacyAuth(provider as never, { serverUrl: mcpUrl(), authorizationCode: params.get("code")! })).toBe(
      "AUTHORIZED",
    );

    const connect = async () => {
      const client = new LegacyClient({ name: "sdk-1x-e2e", version: "1.0.0" });
      await client.connect(new LegacyTransport(new URL(mcpUrl()), { authProvider: provider as never }));
      return client;
    };
    const client = await connect();
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("switchboard__status");
    await client.close();

    const before = provider.savedTokens!;
    expect(await legacyAuth(provider as never, { serverUrl: mcpUrl() })).toBe("AUTHORIZED");
    expect(provider.savedTokens!.refresh_token).not.toBe(before.refresh_token);
    const refreshed = await connect();
    expect(statusOf(await refreshed.callTool({ name: "switchboard__status", arguments: {} }))).toMatchObject({
      user: { email: user.email },
    });
    await refreshed.close();
  } finally {
    await callback.close();
  }
});

test("mcp-remote: signs in through the browser, proxies tools/list, and refreshes on its next start", async ({
  browser,
}) => {
  const user = await member();
  const opener = recordingBrowser();
  const configDir = mkdtempSync(path.join(os.tmpdir(), "mcp-remote-"));
  const port = await freePort();
  const start = () =>
    new StdioJsonRpc(
      process.execPath,
      [path.join(process.cwd(), "node_modules/mcp-remote/dist/proxy.js"), mcpUrl(), String(port)],
      {
        BROWSER: opener.command,
        MCP_REMOTE_CONFIG_DIR: configDir,
      },
    );
  const listTools = async (proxy: StdioJsonRpc) => {
    const init = await proxy.request("initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "e2e", version: "1" },
    });
    expect(init.result).toBeTruthy();
    proxy.notify("notifications/initialized");
    return (await proxy.request("tools/list")) as { result?: { tools: { name: string }[] } };
  };

  const proxy = start();
  try {
    const url = await opener.nextUrl();
    expect(new URL(url).searchParams.get("redirect_uri")).toBe(`http://localhost:${port}/oauth/callback`);
    await approveInBrowser(browser, url, user);
    await proxy.waitForLog(/Proxy established|Connected to remote server/);
    expect((await listTools(proxy)).result?.tools.map((t) => t.name)).toContain("switchboard__status");
  } finally {
    await proxy.stop();
  }

  // Next start: its stored access token no longer works (as after expiry); it refreshes without opening a browser.
  const dir = path.join(configDir, "mcp-remote-v1");
  const tokensFile = path.join(
    dir,
    readdirSync(dir).find((f) => f.endsWith("_tokens.json"))!,
  );
  const stored = JSON.parse(readFileSync(tokensFile, "utf8")) as { access_token: string; refresh_token: string };
  writeFileSync(tokensFile, JSON.stringify({ ...stored, access_token: "expired.invalid.token" }));
  const second = start();
  try {
    await second.waitForLog(/Proxy established|Connected to remote server/);
    expect((await listTools(second)).result?.tools.map((t) => t.name)).toContain("switchboard__status");
    expect(opener.opened()).toHaveLength(1);
    const after = JSON.parse(readFileSync(tokensFile, "utf8")) as { refresh_token: string };
    expect(after.refresh_token).not.toBe(stored.refresh_token);
  } finally {
    await second.stop();
  }
});

test("MCP Inspector CLI: OAuth through the browser, tools/list, and a refresh from its stored tokens", async ({
  browser,
}) => {
  const user = await member();
  const opener = recordingBrowser();
  const home = mkdtempSync(path.join(os.tmpdir(), "inspector-home-"));
  const port = await freePort();
  const run = (extra: string[]) => {
    const child = spawn(
      process.execPath,
      [
        path.join(process.cwd(), "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js"),
        "--cli",
        mcpUrl(),
        "--method",
        "tools/list",
        "--callback-url",
        `http://127.0.0.1:${port}/oauth/callback`,
        "--format",
        "json",
        ...extra,
      ],
      {
        env: {
          ...process.env,
          HOME: home,
          MCP_AUTO_OPEN_ENABLED: "true",
          BROWSER: opener.command,
          MCP_INSPECTOR_SECRET_STORE: "file",
          NO_COLOR: "1",
        },
        stdio: ["pipe", "pipe", "pipe"],
        detached: true,
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
      child.once("exit", (code) => resolve({ code, out, err })),
    );
    return { child, done };
  };

  const first = run([]);
  try {
    const url = await opener.nextUrl();
    await approveInBrowser(browser, url, user);
    const result = await first.done;
    expect(result.code, result.err).toBe(0);
    expect(JSON.stringify(JSON.parse(result.out))).toContain("switchboard__status");
  } finally {
    if (first.child.exitCode === null) process.kill(-first.child.pid!, "SIGTERM");
  }

  // Its stored access token stops working (as after expiry): with --stored-auth-only it must refresh, not ask.
  const store = findOAuthStore(home);
  const raw = readFileSync(store, "utf8");
  // The file store keeps each token set as a JSON string inside JSON, so the quotes may be escaped.
  const field = (text: string, name: string) =>
    new RegExp(`${name}\\\\?"\\s*:\\s*\\\\?"([A-Za-z0-9._-]+)`).exec(text)?.[1];
  const accessToken = field(raw, "access_token");
  const refreshToken = field(raw, "refresh_token");
  expect(accessToken).toBeTruthy();
  expect(refreshToken).toMatch(/^sb_rt_/);
  writeFileSync(store, raw.replace(accessToken!, "expired.invalid.token"));
  const second = run(["--stored-auth-only"]);
  const result = await second.done;
  expect(result.code, result.err).toBe(0);
  expect(result.out).toContain("switchboard__status");
  expect(opener.opened()).toHaveLength(1);
  const rotated = field(readFileSync(store, "utf8"), "refresh_token");
  expect(rotated).toMatch(/^sb_rt_/);
  expect(rotated).not.toBe(refreshToken);
});

function findOAuthStore(home: string): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(home);
  const found = files.find((f) => readFileSync(f, "utf8").includes("access_token"));
  if (!found) throw new Error(`no stored OAuth tokens under ${home}: ${files.join(", ")}`);
  return found;
}
