import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

/** Where a browser lands when it follows `Location: <value>` from a page of this site. */
const landing = (value: string) => new URL(value, "http://localhost:3999/login");

describe("safeCallbackUrl", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeCallbackUrl("/servers")).toBe("/servers");
    expect(safeCallbackUrl("/oauth/authorize?client_id=a&state=b%20c")).toBe(
      "/oauth/authorize?client_id=a&state=b%20c",
    );
    expect(safeCallbackUrl("/tokens#new")).toBe("/tokens#new");
  });

  it("refuses absolute, protocol-relative and backslash forms", () => {
    for (const v of [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "javascript:alert(1)",
      "servers",
    ]) {
      expect(safeCallbackUrl(v)).toBe("/");
    }
    expect(safeCallbackUrl(undefined)).toBe("/");
    expect(safeCallbackUrl(["/servers"])).toBe("/");
  });

  it("never yields a value that a browser resolves to another site (tabs and newlines are stripped by URL parsers)", () => {
    for (const v of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\t\\evil.example",
      " //evil.example",
      "/\u0000/evil.example",
      "/.//evil.example",
      "/x/..//evil.example",
    ]) {
      const out = safeCallbackUrl(v);
      expect(landing(out).origin).toBe("http://localhost:3999");
      expect(out).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
  });
});
