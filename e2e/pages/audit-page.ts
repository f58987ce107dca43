// Page object: the admin Audit page (filters and event rows).
import { expect, type Page } from "@playwright/test";

export class AuditPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/audit");
    await expect(this.page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  }

  filters() {
    return this.page.getByRole("form", { name: "Filter audit events" });
  }

  /** Sets every filter (unset ones to "any") and applies them. `server` is the server's label in the picker. */
  async apply(f: {
    kind?: string;
    actor?: string;
    outcome?: string;
    from?: string;
    to?: string;
    server?: string;
    tool?: string;
  }) {
    const form = this.filters();
    await form.getByLabel("Kind", { exact: true }).fill(f.kind ?? "");
    await form.getByLabel("Actor", { exact: true }).selectOption(f.actor ? { label: f.actor } : { value: "" });
    await form.getByLabel("Outcome", { exact: true }).selectOption(f.outcome ?? "");
    await form.getByLabel("From", { exact: true }).fill(f.from ?? "");
    await form.getByLabel("To", { exact: true }).fill(f.to ?? "");
    await form.getByLabel("Server", { exact: true }).selectOption(f.server ? { label: f.server } : { value: "" });
    await form.getByLabel("Tool", { exact: true }).fill(f.tool ?? "");
    await form.getByRole("button", { name: "Apply" }).click();
  }

  rows() {
    return this.page.getByTestId("audit-row");
  }
}
