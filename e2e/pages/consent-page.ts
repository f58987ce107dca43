import { expect, type Page } from "@playwright/test";

export class ConsentPage {
  constructor(private readonly page: Page) {}

  async expectFor(clientName: string, redirectHost: string) {
    await expect(this.page.getByRole("heading", { name: `Allow ${clientName} to use Switchboard?` })).toBeVisible();
    await expect(this.page.getByTestId("consent-redirect-host")).toHaveText(redirectHost);
    await expect(this.page.getByTestId("consent-scopes")).toContainText("mcp:tools");
  }

  signedInAs() {
    return this.page.getByText(/^Signed in as /);
  }

  async switchAccount() {
    await this.page.getByRole("button", { name: "Not you? Switch account" }).click();
  }

  async decide(decision: "Approve" | "Deny") {
    await this.page.getByRole("button", { name: decision }).click();
  }
}
