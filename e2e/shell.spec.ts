// The console shell on a phone-sized screen: navigation folds behind a Menu button and closes after navigating.
import { test, expect } from "./test";

test.use({ viewport: { width: 390, height: 844 } });

test("on a narrow screen the navigation opens from Menu and closes once the user picks a page", async ({ page }) => {
  await page.goto("/servers");
  const nav = page.getByRole("navigation", { name: "Console" });
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");

  await menu.click();
  await expect(nav).toBeVisible();
  await expect(page.getByRole("button", { name: "Close menu" })).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  await nav.getByRole("link", { name: "Tokens" }).click();
  await expect(page.getByRole("heading", { name: "Personal access tokens" })).toBeVisible();
  await expect(nav).toBeHidden();
  // Nothing on the page is wider than the screen (tables stack instead).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("on a wide screen the navigation is always shown and there is no Menu button", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/servers");
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
});
