import { expect, type Page } from "@playwright/test";

export class ConnectionsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/connections");
    await expect(this.page.getByRole("heading", { name: "Connections" })).toBeVisible();
  }

  row(slug: string) {
    return this.page.getByTestId(`connection-${slug}`);
  }

  badge(slug: string) {
    return this.row(slug).getByTestId("connection-state");
  }

  /** Clicks Connect and returns the popup it opened. */
  async openConnectPopup(slug: string) {
    const popup = this.page.waitForEvent("popup");
    await this.row(slug)
      .getByRole("button", { name: /^(Connect|Reconnect)/ })
      .click();
    const p = await popup;
    await p.waitForLoadState("domcontentloaded");
    return p;
  }

  async disconnect(slug: string) {
    await this.row(slug)
      .getByRole("button", { name: /^Disconnect/ })
      .click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Disconnect" }).click();
  }
}

/** The test authorization server's own pages, inside the popup. */
export async function signInAtUpstream(popup: Page, login: string, decision: "Allow" | "Deny" = "Allow") {
  await expect(popup.getByRole("heading", { name: "Sign in to the test authorization server" })).toBeVisible();
  await popup.getByLabel("Login").fill(login);
  if (decision === "Deny") return popup.getByRole("button", { name: "Deny" }).click();
  await popup.getByRole("button", { name: "Sign in" }).click();
  await expect(popup.getByRole("heading", { name: "Authorize access" })).toBeVisible();
  await popup.getByRole("button", { name: "Allow" }).click();
}
