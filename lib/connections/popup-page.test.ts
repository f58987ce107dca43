import { describe, expect, it } from "vitest";
import { OAUTH_COMPLETE_MESSAGE, OAUTH_FAILED_MESSAGE, popupPage } from "@/lib/connections/popup-page";
import { parseCookies, serializeCookie } from "@/lib/http/cookies";

describe("connect popup pages", () => {
  it("posts the completion to the opener with this app's origin only, under a nonce-based CSP, and closes", async () => {
    const res = popupPage({
      status: 200,
      title: "Connected",
      message: "ok",
      notify: { type: OAUTH_COMPLETE_MESSAGE, serverId: "abc" },
    });
    const csp = res.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(`o.postMessage(d,"http://localhost:3999")`);
    expect(html).toContain('{"type":"switchboard:oauth-complete","serverId":"abc"}');
    expect(html).toContain("window.close()");
    expect(html).toContain("Connected — you may close this window.");
    // Exactly one of the two closing lines shows: "closes by itself" with an opener, "you may close" without.
    expect(html).toContain(`if(h)h.hidden=!!has;if(c)c.hidden=!has;`);
  });

  it("escapes provider text, keeps failures open with a retry link, and never closes itself", async () => {
    const evil = `</script><script>alert(1)</script><img src=x onerror=alert(2)>`;
    const res = popupPage({
      status: 400,
      title: "Could not connect",
      message: evil,
      retryUrl: "http://localhost:3999/api/servers/x/oauth2/connect",
      notify: { type: OAUTH_FAILED_MESSAGE, serverId: "x", message: evil },
    });
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("</script><script>alert(1)");
    expect(html).toContain("Try again");
    expect(html).not.toContain("window.close()");
  });

  it("writes HttpOnly, SameSite=Lax, path-scoped cookies and reads them back", () => {
    const set = serializeCookie({
      name: "sb_oauth_state",
      value: "abc",
      path: "/api/servers/1/oauth2/callback",
      maxAgeSeconds: 600,
      secure: true,
    });
    expect(set).toBe(
      "sb_oauth_state=abc; Path=/api/servers/1/oauth2/callback; Max-Age=600; HttpOnly; SameSite=Lax; Secure",
    );
    expect(serializeCookie({ name: "a", value: "", path: "/p", maxAgeSeconds: 0, secure: false })).toContain(
      "Max-Age=0",
    );
    expect(parseCookies("a=1; sb_oauth_state=v1.k.x-y_z; b=")).toEqual({ a: "1", sb_oauth_state: "v1.k.x-y_z", b: "" });
  });
});
