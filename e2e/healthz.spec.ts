// /api/healthz: 200 when the database answers, 503 {status:"error",db:"error"} (no details) when it cannot be reached.
import { rmSync } from "node:fs";
import { test, expect } from "./test";
import { startApp } from "./fixtures/app";
import { freePort } from "./fixtures/net";

test("healthy app answers 200 ok/ok without authentication", async ({ playwright, baseURL }) => {
  const anon = await playwright.request.newContext({ baseURL });
  const res = await anon.get("/api/healthz");
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toContain("no-store");
  expect(await res.json()).toEqual({ status: "ok", db: "ok" });
  await anon.dispose();
});

test("an instance whose PostgreSQL is unreachable answers 503 error/error, and says nothing about why", async ({
  playwright,
  browser,
}) => {
  const closedPort = await freePort();
  const databaseUrl = `postgres://switchboard:db-password-not-for-eyes@127.0.0.1:${closedPort}/switchboard`;
  const app = await startApp({ databaseUrl, waitForHealthy: false });
  try {
    const anon = await playwright.request.newContext({ baseURL: app.url });
    const res = await anon.get("/api/healthz");
    expect(res.status()).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: "error", db: "error" });
    expect(text).not.toContain(String(closedPort));
    // Other APIs fail closed: an unauthenticated call is still refused, and nothing leaks the database URL.
    const me = await anon.get("/api/me");
    expect(me.status()).toBeGreaterThanOrEqual(400);
    expect(await me.text()).not.toContain("db-password-not-for-eyes");
    await anon.dispose();
    expect(app.output()).not.toContain("db-password-not-for-eyes");
    // The console explains instead of crashing.
    const page = await browser.newPage({ storageState: { cookies: [], origins: [] } });
    await page.goto(`${app.url}/login`);
    await expect(page.getByRole("heading", { name: "Switchboard is unavailable" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
    await page.close();
  } finally {
    await app.stop();
    rmSync(app.dataDir, { recursive: true, force: true });
  }
});
