import { expect, type Page } from "@playwright/test";

export class AuthorizedAppsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Authorized apps" }).click();
    await expect(this.page.getByRole("heading", { name: "Authorized apps", level: 1 })).toBeVisible();
  }

  row(name: string) {
    return this.page.getByRole("row").filter({ hasText: name });
  }

  async revoke(name: string) {
    await this.row(name)
      .getByRole("button", { name: /Revoke/ })
      .click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Revoke access" }).click();
    await expect(this.row(name)).toHaveCount(0);
  }
}
