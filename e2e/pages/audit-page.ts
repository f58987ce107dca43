import { expect, type Page } from "@playwright/test";

export class AuditPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/audit");
    await expect(this.page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  }

  /** Applies the server / tool / outcome filters (the server by its label in the select). */
  async filter(f: { server?: string; tool?: string; outcome?: string; kind?: string }) {
    const form = this.page.getByRole("form", { name: "Filter audit events" });
    if (f.kind !== undefined) await form.getByLabel("Kind").fill(f.kind);
    if (f.server !== undefined) await form.getByLabel("Server").selectOption({ label: f.server });
    if (f.tool !== undefined) await form.getByLabel("Tool").fill(f.tool);
    if (f.outcome !== undefined) await form.getByLabel("Outcome").selectOption(f.outcome);
    await form.getByRole("button", { name: "Apply" }).click();
  }

  rows() {
    return this.page.getByTestId("audit-row");
  }
}
