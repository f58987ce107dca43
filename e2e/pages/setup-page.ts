import type { Page } from "@playwright/test";

export class SetupPage {
  constructor(private readonly page: Page) {}

  /** Fills and submits the form; `confirm` defaults to the password. */
  async createAdmin(a: { name: string; email: string; password: string; confirm?: string }) {
    await this.page.getByLabel("Name").fill(a.name);
    await this.page.getByLabel("Email").fill(a.email);
    await this.page.getByLabel("Password", { exact: true }).fill(a.password);
    await this.page.getByLabel("Confirm password").fill(a.confirm ?? a.password);
    await this.page.getByRole("button", { name: "Create admin account" }).click();
  }
}
