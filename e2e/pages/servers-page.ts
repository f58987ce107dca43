import { expect, type Page } from "@playwright/test";

export interface NewServer {
  displayName: string;
  slug: string;
  url: string;
  authType?: "none" | "oauth2" | "api_key" | "custom_headers" | "user_oidc";
  apiKeyHeader?: string;
  apiKeyValue?: string;
  customHeaders?: Array<[string, string]>;
  denyList?: string[];
  toolPrefix?: string;
}

const authLabels = {
  none: "None",
  oauth2: "OAuth 2 (each user connects their account)",
  api_key: "API key (shared)",
  custom_headers: "Custom headers (shared)",
  user_oidc: "Single sign-on token (the user's identity provider token)",
};

export class ServersPage {
  constructor(private readonly page: Page) {}

  async gotoList() {
    await this.page.goto("/servers");
    await expect(this.page.getByRole("heading", { name: "Servers", exact: true })).toBeVisible();
  }

  row(slug: string) {
    return this.page.getByTestId(`server-row-${slug}`);
  }

  /** Fills the "Add a server" form and submits it; resolves on the new server's page. */
  async create(s: NewServer) {
    await this.page.goto("/servers/new");
    await this.page.getByLabel("Display name").fill(s.displayName);
    await this.page.getByLabel("Slug").fill(s.slug);
    await this.page.getByLabel("Server URL").fill(s.url);
    if (s.authType) await this.page.getByLabel("Auth type").selectOption({ label: authLabels[s.authType] });
    if (s.apiKeyHeader) await this.page.getByLabel("Header name").fill(s.apiKeyHeader);
    if (s.apiKeyValue) await this.page.getByLabel("API key", { exact: true }).fill(s.apiKeyValue);
    for (const [i, [name, value]] of (s.customHeaders ?? []).entries()) {
      if (i > 0) await this.page.getByRole("button", { name: "Add header" }).click();
      await this.page.getByLabel(`Header ${i + 1} name`).fill(name);
      await this.page.getByLabel(`Header ${i + 1} value`).fill(value);
    }
    for (const tool of s.denyList ?? []) {
      await this.page.getByLabel("Tool deny list").fill(tool);
      await this.page.getByLabel("Tool deny list").press("Enter");
    }
    if (s.toolPrefix !== undefined) await this.page.getByLabel("Tool prefix").fill(s.toolPrefix);
    await this.page.getByRole("button", { name: "Create server" }).click();
    await expect(this.page.getByText("Server created.")).toBeVisible({ timeout: 30_000 });
    await expect(this.page.getByRole("heading", { name: s.displayName })).toBeVisible();
    return this.page.url().split("/servers/")[1]!.split("?")[0]!;
  }

  async open(id: string) {
    await this.page.goto(`/servers/${id}`);
    await expect(this.page.getByRole("button", { name: "Save changes" })).toBeVisible();
  }

  async save() {
    await this.page.getByRole("button", { name: "Save changes" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  }

  async testConnection() {
    await this.page.getByRole("button", { name: "Test connection" }).click();
    await expect(this.page.getByTestId("test-success").or(this.page.getByTestId("test-failure"))).toBeVisible({
      timeout: 30_000,
    });
  }

  previewRow(tool: string) {
    const escaped = tool.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return this.page
      .getByRole("table", { name: "Tool preview" })
      .getByRole("row")
      .filter({ has: this.page.locator("td:first-child code", { hasText: new RegExp(`^${escaped}$`) }) });
  }

  async delete() {
    await this.page.getByRole("button", { name: "Delete server" }).click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Delete server" }).click();
    await expect(this.page).toHaveURL(/\/servers$/);
  }
}
