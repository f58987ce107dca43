import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

describe("configuration", () => {
  it("applies defaults", () => {
    const e = parseEnv({});
    expect(e.SWITCHBOARD_URL).toBe("http://localhost:3000");
    expect(e.SWITCHBOARD_DATA_DIR).toBe("./.data");
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.OIDC_NAME).toBe("SSO");
  });

  it("defaults the canonical URL to the served PORT, unless SWITCHBOARD_URL is set", () => {
    expect(parseEnv({ PORT: "4123" }).SWITCHBOARD_URL).toBe("http://localhost:4123");
    expect(parseEnv({ PORT: "4123", SWITCHBOARD_URL: "https://mcp.example.com" }).SWITCHBOARD_URL).toBe(
      "https://mcp.example.com",
    );
    expect(() => parseEnv({ PORT: "http" })).toThrow(/PORT:/);
  });

  it("normalises the canonical URL to an origin", () => {
    expect(parseEnv({ SWITCHBOARD_URL: "https://mcp.example.com/" }).SWITCHBOARD_URL).toBe("https://mcp.example.com");
  });

  it.each([
    [{ SWITCHBOARD_URL: "ftp://x" }, "SWITCHBOARD_URL"],
    [{ SWITCHBOARD_URL: "https://x.example/sub" }, "SWITCHBOARD_URL"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ SWITCHBOARD_ENCRYPTION_KEYS: "not a key" }, "SWITCHBOARD_ENCRYPTION_KEYS"],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET"],
    [{ OIDC_ISSUER: "https://idp.example" }, "OIDC_CLIENT_ID"],
    [{ SWITCHBOARD_ADMIN_EMAIL: "a@b.example" }, "SWITCHBOARD_ADMIN_PASSWORD"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ SWITCHBOARD_ALLOWED_ORIGINS: "https://ok.example, https://x.example/path" }, "SWITCHBOARD_ALLOWED_ORIGINS"],
    [{ SWITCHBOARD_ALLOWED_ORIGINS: "evil.example" }, "SWITCHBOARD_ALLOWED_ORIGINS"],
    [{ SWITCHBOARD_ALLOWED_REDIRECT_URIS: "*.example.com" }, "SWITCHBOARD_ALLOWED_REDIRECT_URIS"],
    [{ SWITCHBOARD_ALLOWED_HOSTS: "https://proxy.internal" }, "SWITCHBOARD_ALLOWED_HOSTS"],
    [{ SWITCHBOARD_OAUTH_REGISTRATIONS_PER_HOUR: "0" }, "SWITCHBOARD_OAUTH_REGISTRATIONS_PER_HOUR"],
    [{ SWITCHBOARD_OAUTH_REGISTRATIONS_PER_HOUR: "lots" }, "SWITCHBOARD_OAUTH_REGISTRATIONS_PER_HOUR"],
  ])("names the bad variable %#", (source, name) => {
    expect(() => parseEnv(source)).toThrow(new RegExp(`${name}:`));
  });

  it("parses the OAuth settings", () => {
    const e = parseEnv({
      SWITCHBOARD_ALLOWED_ORIGINS: "https://inspector.example.com, http://localhost:6274",
      SWITCHBOARD_ALLOWED_REDIRECT_URIS: "https://*.corp.example/*,cursor://*",
      SWITCHBOARD_ALLOWED_HOSTS: "switchboard.internal",
      SWITCHBOARD_OAUTH_REGISTRATIONS_PER_HOUR: "50",
      SWITCHBOARD_CIMD_ALLOW_PRIVATE: "true",
    });
    expect(e.SWITCHBOARD_ALLOWED_ORIGINS).toEqual(["https://inspector.example.com", "http://localhost:6274"]);
    expect(e.SWITCHBOARD_ALLOWED_REDIRECT_URIS).toEqual(["https://*.corp.example/*", "cursor://*"]);
    expect(e.SWITCHBOARD_ALLOWED_HOSTS).toEqual(["switchboard.internal"]);
    expect(e.SWITCHBOARD_OAUTH_REGISTRATIONS_PER_HOUR).toBe(50);
    expect(e.SWITCHBOARD_CIMD_ALLOW_PRIVATE).toBe(true);
    expect(parseEnv({ SWITCHBOARD_OAUTH_REGISTRATIONS_PER_HOUR: "" }).SWITCHBOARD_OAUTH_REGISTRATIONS_PER_HOUR).toBe(
      20,
    );
    expect(parseEnv({}).SWITCHBOARD_CIMD_ALLOW_PRIVATE).toBe(false);
  });

  it("never echoes a bad value back", () => {
    expect(() => parseEnv({ AUTH_SECRET: "tiny-secret" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("tiny-secret") }),
    );
  });
});
