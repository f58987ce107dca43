// Runs @modelcontextprotocol/conformance's `authorization` mode (it tests an authorization server) against a freshly
// started, built Switchboard, playing the user in Chromium when the suite asks for a browser. Not part of `npm test`.
// The suite and the Node 22 it needs come from scripts/conformance-tools.ts.
// Usage: npm run build && npx tsx scripts/oauth-conformance.ts
import { spawn } from "node:child_process";
import { chromium } from "@playwright/test";
import { startApp } from "../e2e/fixtures/app";
import { freePort } from "../e2e/fixtures/net";
import { chromiumPath } from "../e2e/fixtures/chromium";
import { ensureConformanceTools } from "./conformance-tools";

const admin = { email: "conformance@switchboard.test", password: "conformance-password-1" };

async function main(): Promise<number> {
  const { node, alpha: suite } = ensureConformanceTools();
  const app = await startApp({
    env: { SWITCHBOARD_ADMIN_EMAIL: admin.email, SWITCHBOARD_ADMIN_PASSWORD: admin.password },
  });
  try {
    const port = await freePort();
    const registered = await fetch(`${app.url}/api/oauth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_name: "MCP conformance suite",
        redirect_uris: [`http://127.0.0.1:${port}/callback`],
        token_endpoint_auth_method: "none",
      }),
    });
    const { client_id } = (await registered.json()) as { client_id: string };
    const child = spawn(
      node,
      [
        suite,
        "authorization",
        "--url",
        app.url,
        "--client-id",
        client_id,
        "--resource",
        `${app.url}/api/mcp`,
        "--port",
        String(port),
      ],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    let approving: Promise<void> | undefined;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
      const url = /(http\S+\/oauth\/authorize\?\S+)/.exec(output)?.[1];
      if (url && !approving) approving = approve(url);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const code = await new Promise<number>((resolve) => child.once("exit", (c) => resolve(c ?? 1)));
    await approving;
    return code;
  } finally {
    await app.stop();
  }
}

async function approve(url: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--headless", "--no-sandbox"] });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL((u) => u.pathname === "/callback");
  } finally {
    await browser.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
