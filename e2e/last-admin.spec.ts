// On its own instance (PostgreSQL when TEST_DATABASE_URL is set, bootstrapped headlessly from SWITCHBOARD_ADMIN_*):
// the last active admin cannot be demoted or disabled — the API answers 409 and the Users page shows why.
import { rmSync } from "node:fs";
import { test, expect, sessionApi, signInAs, unique } from "./test";
import { startApp, type AppInstance } from "./fixtures/app";
import { createDatabase, testPostgresUrl } from "./fixtures/postgres";
import { UsersPage } from "./pages/users-page";

const BOOT = { email: "boot-admin@switchboard.test", password: "boot-password-1" };
let app: AppInstance;
let dropDatabase: (() => Promise<void>) | undefined;

test.beforeAll(async () => {
  const server = testPostgresUrl();
  const db = server ? await createDatabase(server) : undefined;
  dropDatabase = db?.drop;
  app = await startApp({
    databaseUrl: db?.url,
    env: { SWITCHBOARD_ADMIN_EMAIL: BOOT.email, SWITCHBOARD_ADMIN_PASSWORD: BOOT.password },
  });
});

test.afterAll(async () => {
  await app?.stop();
  await dropDatabase?.();
  if (app) rmSync(app.dataDir, { recursive: true, force: true });
});

test("the headless bootstrap admin is the last admin: 409 from the API, an explained error in the UI", async ({
  browser,
}) => {
  expect(app.output()).toContain("created the first admin from SWITCHBOARD_ADMIN_EMAIL");
  const session = await sessionApi(BOOT.email, BOOT.password, app.url);
  expect(await (await session.get("/api/setup")).json()).toEqual({ needed: false });
  const me = (await (await session.get("/api/me")).json()) as { id: string; role: string };
  expect(me.role).toBe("admin");

  for (const patch of [{ role: "member" }, { disabled: true }]) {
    const res = await session.patch(`/api/users/${me.id}`, { data: patch });
    expect(res.status()).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string; fields: Record<string, string> } };
    expect(body.error).toMatchObject({
      code: "conflict",
      message: "This is the last active admin; promote another user first.",
    });
    expect(Object.keys(body.error.fields)).toEqual(Object.keys(patch));
  }
  expect(await (await session.get("/api/me")).json()).toMatchObject({ role: "admin" });

  // A fresh browser context: cookies are per host name, and this instance shares "localhost" with the main one.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInAs(page, BOOT.email, BOOT.password, app.url);
  const users = new UsersPage(page, app.url);
  await users.goto();
  await users.act(BOOT.email, "Make member");
  await expect(
    page.getByRole("alert").filter({ hasText: "This is the last active admin; promote another user first." }),
  ).toBeVisible();
  await expect(users.row(BOOT.email).getByText("Admin", { exact: true })).toBeVisible();
  await users.act(BOOT.email, "Disable");
  await expect(page.getByRole("alert").filter({ hasText: "last active admin" })).toBeVisible();
  await expect(users.row(BOOT.email).getByText("Active", { exact: true })).toBeVisible();

  // With a second admin (added through the form), either may now be demoted.
  const second = {
    name: "Second Admin",
    email: `${unique("second")}@switchboard.test`,
    password: "second-password-1",
    role: "admin" as const,
  };
  await users.add(second);
  await expect(page.getByRole("status").filter({ hasText: `Added ${second.email}` })).toBeVisible();
  await expect(users.row(second.email).getByText("Admin", { exact: true })).toBeVisible();
  await users.add({ ...second, name: "Duplicate" });
  await expect(page.getByRole("form", { name: "Add user" }).getByText("Already in use.")).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await users.act(second.email, "Make member");
  await expect(users.row(second.email).getByText("Member", { exact: true })).toBeVisible();

  await context.close();
  await session.dispose();
});
