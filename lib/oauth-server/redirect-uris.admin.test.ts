import { describe, expect, it } from "vitest";
import { redirectUriProblem } from "@/lib/oauth-server/redirect-uris";

// This file's process sees an admin allowlist (configuration is read once, on first use).
process.env.SWITCHBOARD_ALLOWED_REDIRECT_URIS = "https://*.corp.example/*, http://127.0.0.1:*/callback, cursor://*";

describe("SWITCHBOARD_ALLOWED_REDIRECT_URIS narrows the policy", () => {
  it.each([
    "https://tools.corp.example/cb",
    "http://127.0.0.1:6276/callback",
    "cursor://anysphere.cursor-retrieval/oauth/callback",
  ])("still accepts %s", (uri) => {
    expect(redirectUriProblem(uri)).toBeUndefined();
  });

  it.each([
    "https://app.example.com/cb",
    "http://localhost:6274/oauth/callback",
    "http://127.0.0.1:6276/other",
    "vscode://x/cb",
  ])("refuses %s, which the default policy allows", (uri) => {
    expect(redirectUriProblem(uri)).toMatch(/SWITCHBOARD_ALLOWED_REDIRECT_URIS/);
  });

  it.each(["https://evil.example\\.corp.example/cb", "https://evil.example\\tools.corp.example/cb"])(
    "refuses %s, whose host is not the one the pattern saw (URL parsers read \\ as /)",
    (uri) => {
      expect(new URL(uri).hostname).toBe("evil.example");
      expect(redirectUriProblem(uri)).toBeDefined();
    },
  );

  it("never widens the base policy", () => {
    process.env.SWITCHBOARD_ALLOWED_REDIRECT_URIS = "http://*/*";
    // Already parsed: the list above stays in force, and http on a public host is refused either way.
    expect(redirectUriProblem("http://evil.example/callback")).toMatch(/loopback/);
  });
});
