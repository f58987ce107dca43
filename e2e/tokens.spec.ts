import { test, expect, unique } from "./test";
import { TokensPage } from "./pages/tokens-page";

test("create a token in the panel, use it on the API, revoke it, and it stops working", async ({
  page,
  context,
  playwright,
  baseURL,
}) => {
  const tokens = new TokensPage(page);
  await tokens.goto();
  const name = unique("ci-script");
  const token = await tokens.create(name);
  expect(token).toMatch(/^sb_pat_[A-Za-z0-9_-]{43,}$/);
  await expect(tokens.row(name)).toBeVisible();

  // The copy button puts exactly the token on the clipboard.
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.getByTestId("new-token").getByRole("button", { name: "Copy" }).click();
  await expect(page.getByTestId("new-token").getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const me = await api.get("/api/me");
  expect(me.status()).toBe(200);
  expect(await me.json()).toEqual({
    id: expect.any(String),
    email: "admin@switchboard.test",
    name: "Ada Admin",
    role: "admin",
  });

  // Listed without its value, with the use just made recorded.
  const listed = (await (await api.get("/api/me/tokens")).json()) as { tokens: Array<Record<string, unknown>> };
  const entry = listed.tokens.find((t) => t.name === name)!;
  expect(Object.keys(entry).sort()).toEqual(["createdAt", "expiresAt", "id", "lastUsedAt", "name"]);
  expect(entry.lastUsedAt).not.toBeNull();
  expect(JSON.stringify(listed)).not.toContain(token);

  // Shown once: a reload lists the token but never its value again.
  await page.reload();
  await expect(tokens.row(name)).toBeVisible();
  await expect(page.getByText(token)).toHaveCount(0);

  await tokens.revoke(name);
  expect((await api.get("/api/me")).status()).toBe(401);
  await api.dispose();
});

test("token API: validation errors name the field, unknown ids are 404, and revoking twice is 404", async ({
  request,
  baseURL,
}) => {
  const headers = { origin: baseURL! };
  const bad = await request.post("/api/me/tokens", { headers, data: { name: " ", expiresInDays: 0 } });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({
    error: {
      code: "validation_failed",
      message: expect.any(String),
      fields: { name: "Enter a name.", expiresInDays: "At least 1 day." },
    },
  });
  const notJson = await request.post("/api/me/tokens", {
    headers: { ...headers, "content-type": "text/plain" },
    data: "name=x",
  });
  expect(notJson.status()).toBe(400);

  const created = await request.post("/api/me/tokens", { headers, data: { name: unique("short"), expiresInDays: 1 } });
  expect(created.status()).toBe(201);
  expect(created.headers()["cache-control"]).toContain("no-store");
  const body = (await created.json()) as { id: string; expiresAt: string; createdAt: string };
  expect(Date.parse(body.expiresAt) - Date.parse(body.createdAt)).toBeGreaterThan(86_000_000);
  expect((await request.delete(`/api/me/tokens/${body.id}`, { headers })).status()).toBe(204);
  expect((await request.delete(`/api/me/tokens/${body.id}`, { headers })).status()).toBe(404);
  expect((await request.delete("/api/me/tokens/not-a-uuid", { headers })).status()).toBe(404);

  // Creation and revocation are audited (with the token's id, never its value).
  for (const kind of ["token.created", "token.revoked"]) {
    const audit = (await (await request.get(`/api/audit?kind=${kind}&limit=20`)).json()) as {
      events: Array<{ targetId: string; via: string }>;
    };
    expect(
      audit.events.find((e) => e.targetId === body.id),
      kind,
    ).toMatchObject({ via: "session" });
  }
});
