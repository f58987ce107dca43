import { expect, type Page } from "@playwright/test";

export class ConnectPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: "Connect a client" })
      .click();
    await expect(this.page.getByRole("heading", { name: "Connect a client", level: 1 })).toBeVisible();
  }

  mcpUrl() {
    return this.page.getByTestId("mcp-url");
  }

  snippet(id: "claude-desktop" | "cursor" | "vscode" | "raw" | "curl") {
    return this.page.getByTestId(`snippet-${id}`);
  }
}
