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
    expect(parseEnv({ PORT: "4123", SWITCHBOARD_URL: "https://mcp.example.com" }).SWITCHBOARD_URL).toBe("https://mcp.example.com");
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
  ])("names the bad variable %#", (source, name) => {
    expect(() => parseEnv(source)).toThrow(new RegExp(`${name}:`));
  });

  it("never echoes a bad value back", () => {
    expect(() => parseEnv({ AUTH_SECRET: "tiny-secret" })).toThrow(expect.objectContaining({ message: expect.not.stringContaining("tiny-secret") }));
  });
});
