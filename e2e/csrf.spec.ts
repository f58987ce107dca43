// Cookie-authenticated writes must come from this origin: a cross-origin POST gets 403 and changes nothing.
import http from "node:http";
import { test, expect, unique } from "./test";
import { freePort } from "./fixtures/net";

async function tokenNames(request: import("@playwright/test").APIRequestContext): Promise<string[]> {
  const body = (await (await request.get("/api/me/tokens")).json()) as { tokens: Array<{ name: string }> };
  return body.tokens.map((t) => t.name);
}

test("API: the admin's session cookie with a foreign Origin (or Sec-Fetch-Site: cross-site) gets 403", async ({
  request,
  baseURL,
}) => {
  const name = unique("csrf");
  const evil = await request.post("/api/me/tokens", { headers: { origin: "http://evil.example" }, data: { name } });
  expect(evil.status()).toBe(403);
  expect(await evil.json()).toEqual({ error: { code: "forbidden", message: "Cross-site request refused." } });
  const noOrigin = await request.post("/api/me/tokens", {
    headers: { "sec-fetch-site": "cross-site" },
    data: { name },
  });
  expect(noOrigin.status()).toBe(403);
  const nullOrigin = await request.patch("/api/users/00000000-0000-4000-8000-000000000000", {
    headers: { origin: "null" },
    data: { role: "member" },
  });
  expect(nullOrigin.status()).toBe(403);
  expect(await tokenNames(request)).not.toContain(name);

  // The same request from the app's own origin works, and a foreign-origin DELETE cannot revoke it.
  const ok = await request.post("/api/me/tokens", { headers: { origin: baseURL! }, data: { name } });
  expect(ok.status()).toBe(201);
  const { id } = (await ok.json()) as { id: string };
  expect((await request.delete(`/api/me/tokens/${id}`, { headers: { origin: "http://localhost:1" } })).status()).toBe(
    403,
  );
  expect(await tokenNames(request)).toContain(name);
  // Reads are not writes: a cross-origin GET is answered (the browser's CORS policy keeps the body from the other site).
  expect((await request.get("/api/me", { headers: { origin: "http://evil.example" } })).status()).toBe(200);
});

test("browser: a form on another origin posting with the admin's cookies gets 403", async ({ page, baseURL }) => {
  const name = unique("csrf-form");
  // Another origin on the same host (a different port): same-site, so SameSite=Lax cookies ARE sent — only the
  // Origin check stands between this page and the API.
  const port = await freePort();
  const attacker = http.createServer((_req, res) => {
    res.setHeader("content-type", "text/html");
    res.end(`<!doctype html><form id="f" method="post" action="${baseURL}/api/me/tokens" enctype="text/plain">
      <input name='{"name":"${name}","x":"' value='"}'></form><script>document.getElementById("f").submit()</script>`);
  });
  await new Promise<void>((r) => attacker.listen(port, "127.0.0.1", r));
  try {
    const answer = page.waitForResponse(
      (r) => r.url() === `${baseURL}/api/me/tokens` && r.request().method() === "POST",
    );
    await page.goto(`http://localhost:${port}/`);
    const res = await answer;
    expect((await res.request().allHeaders())["cookie"]).toContain("authjs.session-token");
    expect(res.status()).toBe(403);
    expect(await tokenNames(page.request)).not.toContain(name);
  } finally {
    await new Promise<void>((r) => attacker.close(() => r()));
  }
});
