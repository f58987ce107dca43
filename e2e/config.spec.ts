// Configuration at start-up: a bad value stops the server with a message naming the variable (never its value),
// and every absolute URL the app emits comes from SWITCHBOARD_URL, not from the request's Host headers.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect, env } from "./test";
import { freePort } from "./fixtures/net";

test("a bad configuration value stops start-up, naming each variable at fault", async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-badconf-"));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        SWITCHBOARD_DATA_DIR: dataDir,
        SWITCHBOARD_URL: "ftp://switchboard.example",
        AUTH_SECRET: "too-short-secret-value",
        DATABASE_URL: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  try {
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(out).toContain("Invalid configuration:");
    expect(out).toContain("SWITCHBOARD_URL: must be an absolute http(s) URL");
    expect(out).toContain("AUTH_SECRET: must be at least 32 characters");
    expect(out).not.toContain("too-short-secret-value");
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("the OIDC redirect_uri comes from SWITCHBOARD_URL even when the request claims another host", async ({
  playwright,
  baseURL,
}) => {
  const spoofed = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };
  const ctx = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: spoofed,
  });
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/signin/oidc", { form: { csrfToken, callbackUrl: "/" }, maxRedirects: 0 });
  expect(res.status()).toBe(302);
  const location = new URL(res.headers()["location"]!);
  expect(location.origin).toBe(env("E2E_IDP_URL"));
  expect(location.searchParams.get("redirect_uri")).toBe(`${baseURL}/api/auth/callback/oidc`);
  expect(res.headers()["location"]).not.toContain("evil.example");
  await ctx.dispose();
});
