import { expect, type Page } from "@playwright/test";

export class TokensPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/tokens");
    await expect(this.page.getByRole("heading", { name: "Personal access tokens" })).toBeVisible();
  }

  /** Creates a token and returns the value shown once. */
  async create(name: string): Promise<string> {
    await this.page.getByLabel("Name").fill(name);
    await this.page.getByRole("button", { name: "Create token" }).click();
    const value = this.page.getByTestId("new-token-value");
    await expect(value).toHaveText(/^sb_pat_/);
    return (await value.textContent())!.trim();
  }

  row(name: string) {
    return this.page.getByRole("row").filter({ hasText: name });
  }

  async revoke(name: string) {
    await this.row(name)
      .getByRole("button", { name: /Revoke/ })
      .click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
    await expect(this.row(name)).toHaveCount(0);
  }
}
