import { describe, expect, it } from "vitest";
import {
  compileRedirectPattern,
  redirectTarget,
  redirectUriMatches,
  redirectUriProblem,
} from "@/lib/oauth-server/redirect-uris";

describe("redirect URI registration policy", () => {
  it.each([
    "https://app.example.com/callback",
    "https://app.example.com/cb?tenant=1",
    "http://localhost:6274/oauth/callback",
    "http://127.0.0.1:33418/callback",
    "http://[::1]:8080/cb",
    "http://localhost/cb",
    "cursor://anysphere.cursor-retrieval/oauth/callback",
    "vscode://vscode.github-authentication/did-authenticate",
    "com.example.app:/oauth2redirect",
  ])("accepts %s", (uri) => {
    expect(redirectUriProblem(uri)).toBeUndefined();
  });

  it.each([
    ["javascript:alert(1)", /javascript/],
    ["JavaScript:alert(document.cookie)", /javascript/],
    ["data:text/html,<script>x</script>", /spaces|data/],
    ["http://evil.example/cb", /loopback/],
    ["http://192.168.1.10/cb", /loopback/],
    ["http://localhost.evil.example/cb", /loopback/],
    ["https://app.example.com/cb#frag", /fragment/],
    ["https://user:pw@app.example.com/cb", /credentials/],
    ["file:///etc/passwd", /file/],
    ["/relative/cb", /absolute/],
    ["", /non-empty/],
    ["https://app.example.com/cb with space", /spaces/],
  ])("refuses %s", (uri, why) => {
    expect(redirectUriProblem(uri)).toMatch(why);
  });
});

describe("redirect URI matching at authorization time", () => {
  const registered = ["https://app.example.com/callback", "http://127.0.0.1:4444/cb", "cursor://x/cb"];

  it("matches registered URIs exactly", () => {
    expect(redirectUriMatches(registered, "https://app.example.com/callback")).toBe(true);
    expect(redirectUriMatches(registered, "cursor://x/cb")).toBe(true);
  });

  it.each([
    "https://app.example.com/callback/extra",
    "https://app.example.com/callbac",
    "https://app.example.com/callback?x=1",
    "https://app.example.com/callback#x",
    "https://app.example.com.evil.example/callback",
    "https://APP.example.com/callback",
    "http://app.example.com/callback",
    "cursor://x/cb/../evil",
    "http://127.0.0.1:4444/cb/extra",
    "http://127.0.0.1:4444/c",
    "http://127.0.0.1:4444/cb?next=https://evil.example",
    "http://localhost:4444/cb",
  ])("refuses the prefix/suffix/host variant %s", (uri) => {
    expect(redirectUriMatches(registered, uri)).toBe(false);
  });

  it("lets a loopback redirect URI use another port (RFC 8252 §7.3), nothing else", () => {
    expect(redirectUriMatches(registered, "http://127.0.0.1:5555/cb")).toBe(true);
    expect(redirectUriMatches(registered, "http://127.0.0.1/cb")).toBe(true);
    expect(redirectUriMatches(registered, "http://user@127.0.0.1:5555/cb")).toBe(false);
  });
});

describe("admin redirect URI patterns", () => {
  it("lets * match inside the host and port but never cross into another authority", () => {
    const p = compileRedirectPattern("https://*.example.com/*");
    expect(p.test("https://app.example.com/cb")).toBe(true);
    expect(p.test("https://a.b.example.com/deep/path?x=1")).toBe(true);
    expect(p.test("https://evil.example/x.example.com/cb")).toBe(false);
    expect(p.test("https://evil.example@app.example.com/cb")).toBe(false);
    expect(p.test("https://app.example.com.evil.example/cb")).toBe(false);
  });

  it("handles ports and private-use schemes", () => {
    expect(compileRedirectPattern("http://localhost:*/callback").test("http://localhost:3000/callback")).toBe(true);
    expect(compileRedirectPattern("http://localhost:*/callback").test("http://localhost:3000/callback2")).toBe(false);
    expect(compileRedirectPattern("cursor://*").test("cursor://anysphere.cursor-retrieval/oauth")).toBe(true);
    expect(compileRedirectPattern("cursor://*").test("vscode://x")).toBe(false);
  });
});

describe("redirect target shown on the consent screen", () => {
  it("names the host, or the scheme of a private-use URI", () => {
    expect(redirectTarget("https://app.example.com:8443/cb")).toBe("app.example.com:8443");
    expect(redirectTarget("http://127.0.0.1:4444/cb")).toBe("127.0.0.1:4444");
    expect(redirectTarget("cursor://anysphere.cursor-retrieval/cb")).toBe("cursor://anysphere.cursor-retrieval");
  });
});
