// The Connect popup's cookies: scoped to one server's callback path, and never shaped by a raw URL segment.
import { describe, expect, it } from "vitest";
import { serializeCookie } from "@/lib/http/cookies";
import { callbackPath, clearedConnectCookies } from "@/lib/upstream/oauth-connect";

describe("clearing the Connect cookies", () => {
  it("expires both cookies on the server's callback path", () => {
    const id = "0b9d8a52-4c1e-4a7b-9a57-2f1f3c9e8d10";
    const headers = clearedConnectCookies(id).map(serializeCookie);
    expect(headers).toHaveLength(2);
    for (const h of headers) expect(h).toContain(`Path=${callbackPath(id)};`);
    expect(headers.join("\n")).toMatch(/Max-Age=0/);
  });

  it.each(["x; Domain=evil.example", "x;SameSite=None", "../../..", "not-a-server"])(
    "sets no cookie for the callback URL segment %j (it is not a server id, so no cookie was ever scoped to it)",
    (raw) => {
      const headers = clearedConnectCookies(raw).map(serializeCookie);
      expect(headers.join("\n")).not.toMatch(/Domain=|SameSite=None|\.\./);
      expect(headers).toEqual([]);
    },
  );
});
