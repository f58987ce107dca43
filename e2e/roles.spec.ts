// Members: no admin navigation, a 403 page on admin pages, 403 from admin APIs — by session and by token alike.
import { test, expect, adminApi, createUser, mintToken, sessionApi, signInAs, tokenApi } from "./test";

test.use({ storageState: { cookies: [], origins: [] } });

test("a member sees no admin navigation and gets the 403 page on Users and Audit", async ({ page }) => {
  const admin = await adminApi();
  const member = await createUser(admin, "member");
  await signInAs(page, member.email, member.password);

  const nav = page.getByRole("navigation", { name: "Console" });
  await expect(nav.getByRole("link", { name: "Tokens" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Servers" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Audit" })).toHaveCount(0);

  for (const path of ["/users", "/audit"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
  }
  // Their own pages still work.
  expect((await page.goto("/tokens"))?.status()).toBe(200);
  await admin.dispose();
});

test("a member's session and token get 403 from every admin API, and nothing changes", async () => {
  const admin = await adminApi();
  const member = await createUser(admin, "member");
  const session = await sessionApi(member.email, member.password);
  const byToken = await tokenApi(await mintToken(member.email, member.password));

  for (const ctx of [session, byToken]) {
    expect((await ctx.get("/api/users")).status()).toBe(403);
    expect((await ctx.get("/api/audit")).status()).toBe(403);
    const create = await ctx.post("/api/users", {
      data: { email: `${member.id}@x.test`, name: "X", password: "password-123", role: "admin" },
    });
    expect(create.status()).toBe(403);
    expect(await create.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
    expect((await ctx.patch(`/api/users/${member.id}`, { data: { role: "admin" } })).status()).toBe(403);
    // Their own endpoints answer.
    expect((await ctx.get("/api/me")).status()).toBe(200);
  }
  const me = await (await byToken.get("/api/me")).json();
  expect(me).toEqual({ id: member.id, email: member.email, name: member.name, role: "member" });
  const users = (await (await admin.get("/api/users")).json()) as { users: Array<Record<string, unknown>> };
  expect(users.users.map((u) => u.email)).not.toContain(`${member.id}@x.test`);
  // What admins see of a user: never a password hash.
  for (const u of users.users)
    expect(Object.keys(u).sort()).toEqual(["createdAt", "disabled", "email", "hasPassword", "id", "name", "role"]);

  await Promise.all([admin.dispose(), session.dispose(), byToken.dispose()]);
});
