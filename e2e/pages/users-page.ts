// Page object: the admin Users page (rows, row actions with their confirmations, the add form).
import { expect, type Page } from "@playwright/test";

export class UsersPage {
  constructor(
    private readonly page: Page,
    private readonly baseURL = "",
  ) {}

  async goto() {
    await this.page.goto(`${this.baseURL}/users`);
    await expect(this.page.getByRole("heading", { name: "Users", exact: true })).toBeVisible();
    await expect(this.page.getByRole("table")).toBeVisible();
  }

  row(email: string) {
    return this.page.getByTestId(`user-row-${email}`);
  }

  /** Clicks a row action, confirming in the dialog when the action asks. */
  async act(email: string, action: "Make member" | "Make admin" | "Disable" | "Enable") {
    await this.row(email)
      .getByRole("button", { name: new RegExp(`^${action}\\b`) })
      .click();
    const confirm = { "Make member": "Make member", Disable: "Disable user" }[action as string];
    if (confirm) await this.page.getByRole("dialog").getByRole("button", { name: confirm }).click();
  }

  async add(user: { name: string; email: string; password: string; role: "admin" | "member" }) {
    await this.page.getByRole("button", { name: "Add user" }).first().click();
    const form = this.page.getByRole("form", { name: "Add user" });
    await form.getByLabel("Name").fill(user.name);
    await form.getByLabel("Email").fill(user.email);
    await form.getByLabel("Initial password").fill(user.password);
    await form.getByLabel("Role").selectOption(user.role);
    await form.getByRole("button", { name: "Add user" }).click();
  }
}
