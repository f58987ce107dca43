import { test, expect, unique } from "./test";
import { TokensPage } from "./pages/tokens-page";

test("create a token in the panel, use it on the API, revoke it, and it stops working", async ({ page, playwright, baseURL }) => {
  const tokens = new TokensPage(page);
  await tokens.goto();
  const name = unique("ci-script");
  const token = await tokens.create(name);
  await expect(tokens.row(name)).toBeVisible();

  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const me = await api.get("/api/me");
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: "admin@switchboard.test", role: "admin" });

  // Shown once: a reload lists the token but never its value again.
  await page.reload();
  await expect(tokens.row(name)).toBeVisible();
  await expect(page.getByText(token)).toHaveCount(0);

  await tokens.revoke(name);
  expect((await api.get("/api/me")).status()).toBe(401);
  await api.dispose();
});
