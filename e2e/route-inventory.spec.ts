// Every API route authenticates itself: each method of each app/api/**/route.ts answers 401 to a caller without
// credentials (and to a bogus token), except the public routes listed here. A new unprotected route fails this test.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { test, expect } from "./test";

/** Public on purpose; anything added here needs a reason. */
const PUBLIC_ROUTES: Record<string, string> = {
  "/api/healthz": "load balancers probe it",
  "/api/setup": "first-run set-up before any user exists (answers 409 afterwards)",
  "/api/auth/[...nextauth]": "Auth.js: sign-in, callbacks, CSRF token, session",
  "/api/oauth/jwks": "public keys that verify Switchboard's access tokens",
  "/api/oauth/register": "RFC 7591 open dynamic client registration (rate-limited per address)",
  "/api/oauth/token": "OAuth token endpoint: clients authenticate with codes, refresh tokens or client credentials",
  "/api/oauth/revoke": "RFC 7009 revocation: answers 200 whatever the token",
  "/api/oauth/authorize":
    "consent form target: checks the session and a user-bound ticket itself (e2e/oauth-*.spec.ts)",
  "/api/identity/jwks": "public keys upstream servers use to verify X-Switchboard-Identity",
  "/api/servers/[id]/oauth2/client-metadata":
    "client ID metadata document that an upstream authorization server fetches",
};

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return entry === "route.ts" ? [full] : [];
  });
}

function exportedMethods(source: string): string[] {
  return METHODS.filter((m) =>
    new RegExp(
      `export\\s+(const|async\\s+function|function)\\s+${m}\\b|export\\s+const\\s*\\{[^}]*\\b${m}\\b[^}]*\\}`,
    ).test(source),
  );
}

const apiDir = path.join(process.cwd(), "app/api");
const routes = routeFiles(apiDir).map((file) => {
  const pattern = "/api/" + path.relative(apiDir, path.dirname(file)).split(path.sep).join("/");
  return { file, pattern, methods: exportedMethods(readFileSync(file, "utf8")) };
});

test("the inventory finds the routes and their methods", () => {
  const patterns = routes.map((r) => r.pattern);
  expect(patterns).toEqual(
    expect.arrayContaining([
      "/api/me",
      "/api/me/tokens",
      "/api/me/tokens/[id]",
      "/api/users",
      "/api/users/[id]",
      "/api/audit",
    ]),
  );
  expect(routes.find((r) => r.pattern === "/api/users/[id]")?.methods).toEqual(["PATCH"]);
  for (const r of routes)
    expect(r.methods.length, `${r.file} exports no HTTP method the inventory recognises`).toBeGreaterThan(0);
  for (const publicRoute of Object.keys(PUBLIC_ROUTES))
    expect(patterns, `stale allow-list entry ${publicRoute}`).toContain(publicRoute);
});

test("every non-public API route answers 401 without credentials and with a bogus token", async ({
  playwright,
  baseURL,
}) => {
  const anon = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const checked: string[] = [];
  for (const route of routes) {
    if (PUBLIC_ROUTES[route.pattern]) continue;
    const url = route.pattern.replace(/\[\.\.\.[^\]]+\]/g, "x/y").replace(/\[[^\]]+\]/g, randomUUID());
    for (const method of route.methods) {
      const variants: Array<Record<string, string>> = [
        {},
        { authorization: "Bearer sb_pat_not-a-real-token" },
        { authorization: "Basic YWRtaW46YWRtaW4=" },
      ];
      for (const headers of variants) {
        const res = await anon.fetch(url, {
          method,
          headers,
          data: method === "GET" || method === "DELETE" ? undefined : {},
        });
        expect(res.status(), `${method} ${url} ${JSON.stringify(headers)}`).toBe(401);
      }
      checked.push(`${method} ${route.pattern}`);
    }
  }
  expect(checked.length).toBeGreaterThanOrEqual(7);
  await anon.dispose();
});
