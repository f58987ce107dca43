// Setup project: the first-run flow through the real /setup page, then the admin's session is saved for other specs.
import { test, expect, ADMIN } from "./test";
import { SetupPage } from "./pages/setup-page";

test("first run: /setup creates the first admin and signs them in", async ({ page, request }) => {
  const status = await request.get("/api/setup");
  expect(await status.json()).toEqual({ needed: true });

  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  const setup = new SetupPage(page);
  // A typo in the confirmation is explained, and nothing typed is lost.
  await setup.createAdmin({ ...ADMIN, confirm: `${ADMIN.password}-typo` });
  await expect(page.getByText("The passwords do not match.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue(ADMIN.name);
  await expect(page.getByLabel("Email")).toHaveValue(ADMIN.email);
  expect(await (await request.get("/api/setup")).json()).toEqual({ needed: true });
  await setup.createAdmin(ADMIN);
  await expect(page).toHaveURL(/\/servers$/);
  await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Users" })).toBeVisible();

  // Once a user exists, set-up is closed for good.
  expect((await request.get("/api/setup")).status()).toBe(200);
  expect(await (await request.get("/api/setup")).json()).toEqual({ needed: false });
  const again = await request.post("/api/setup", {
    data: { email: "second@switchboard.test", name: "X", password: "password-2" },
  });
  expect(again.status()).toBe(409);
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/servers$|\/login/);

  await page.context().storageState({ path: "e2e/.auth/admin.json" });
});
