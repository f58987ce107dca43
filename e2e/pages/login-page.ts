// Page object: the login page (email + password form and its error).
import { expect, type Page } from "@playwright/test";

export class LoginPage {
  constructor(
    private readonly page: Page,
    private readonly baseURL = "",
  ) {}

  async goto() {
    await this.page.goto(`${this.baseURL}/login`);
    await expect(this.page.getByRole("heading", { name: "Sign in to Switchboard" })).toBeVisible();
  }

  async signIn(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in", exact: true }).click();
  }

  /** The form's error (not Next.js's route announcer, which is also an alert). */
  error() {
    return this.page.locator(".alert-error[role=alert]");
  }
}
