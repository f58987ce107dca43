import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutboundRequestError, checkOutboundUrl, safeFetch } from "@/lib/net/safe-fetch";

let server: http.Server;
let other: http.Server;
let base: string;
let otherBase: string;

beforeAll(async () => {
  other = http.createServer((_req, res) => res.end("other"));
  await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
  otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  server = http.createServer((req, res) => {
    if (req.url === "/big") {
      res.setHeader("content-type", "text/plain");
      res.end("x".repeat(2048));
    } else if (req.url === "/big-chunked") {
      res.write("x".repeat(1500));
      res.end("x".repeat(1500));
    } else if (req.url === "/same-origin-redirect") {
      res.writeHead(302, { location: "/ok" }).end();
    } else if (req.url === "/cross-origin-redirect") {
      res.writeHead(302, { location: `${otherBase}/` }).end();
    } else if (req.url === "/slow") {
      setTimeout(() => res.end("late"), 2000);
    } else {
      res.end("ok");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  other.closeAllConnections();
  await new Promise((r) => server.close(r));
  await new Promise((r) => other.close(r));
});

const reason = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e instanceof OutboundRequestError ? e.reason : `other:${String(e)}`;
  }
  return "resolved";
};

describe("safeFetch", () => {
  it("fetches loopback by default and follows same-origin redirects", async () => {
    const res = await safeFetch(`${base}/same-origin-redirect`);
    expect(await res.text()).toBe("ok");
  });

  it("refuses cross-origin redirects", async () => {
    expect(await reason(safeFetch(`${base}/cross-origin-redirect`))).toBe("redirect");
  });

  it("caps response size, by header and while streaming", async () => {
    expect(await reason(safeFetch(`${base}/big`, {}, { maxBytes: 1024 }))).toBe("too_large");
    expect(await reason(safeFetch(`${base}/big-chunked`, {}, { maxBytes: 2000 }))).toBe("too_large");
    expect((await (await safeFetch(`${base}/big`, {}, { maxBytes: 4096 })).text()).length).toBe(2048);
  });

  it("times out", async () => {
    expect(await reason(safeFetch(`${base}/slow`, {}, { timeoutMs: 200 }))).toBe("timeout");
  });

  it("refuses link-local and metadata hosts always, and loopback when hardened", async () => {
    expect(await reason(safeFetch("http://169.254.169.254/latest/meta-data/"))).toBe("blocked");
    expect(await reason(safeFetch("http://[fe80::1]/"))).toBe("blocked");
    expect(await reason(safeFetch("http://metadata.google.internal/"))).toBe("blocked");
    expect(await reason(safeFetch(`${base}/`, {}, { denyPrivate: true }))).toBe("blocked");
    // A name that resolves to loopback is refused at connect time, not only literal IPs.
    expect(await reason(safeFetch(`${base.replace("127.0.0.1", "localhost")}/`, {}, { denyPrivate: true }))).toBe(
      "blocked",
    );
  });

  it("rejects non-http schemes and embedded credentials", () => {
    expect(() => checkOutboundUrl("file:///etc/passwd")).toThrow(/Only http/);
    expect(() => checkOutboundUrl("http://user:pw@example.com/")).toThrow(/credentials/);
  });

  it("reports unreachable hosts", async () => {
    expect(await reason(safeFetch("http://127.0.0.1:1/"))).toBe("unreachable");
  });
});
