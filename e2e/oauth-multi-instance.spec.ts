// Two app instances on ONE PostgreSQL database (same SWITCHBOARD_URL and secrets, as behind a load balancer) share
// signing keys, codes and refresh-token families: what one issues, the other accepts, refreshes and revokes.
import type { APIRequestContext } from "@playwright/test";
import { test, expect } from "./test";
import { OAuthHttp, pkcePair } from "./fixtures/oauth-http";
import { ADMIN, freshPostgresDatabase, knownSecrets, startPostgresApp, type AppInstance } from "./fixtures/oauth-app";
import { freePort } from "./fixtures/net";

const secrets = knownSecrets();
let pg: { url: string; drop: () => Promise<void> };
let a: AppInstance;
let b: AppInstance;
let atA: OAuthHttp;
let atB: OAuthHttp;
let session: APIRequestContext;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  pg = await freshPostgresDatabase();
  const portA = await freePort();
  const canonical = `http://localhost:${portA}`;
  // Both start at once: they race for the migration lock and the first admin, as a scaled-out deployment does.
  [a, b] = await Promise.all([
    startPostgresApp(pg.url, secrets, { port: portA }),
    startPostgresApp(pg.url, secrets, { env: { SWITCHBOARD_URL: canonical } }),
  ]);
  atA = new OAuthHttp(a.url);
  atB = new OAuthHttp(b.url);
  session = await atA.signedIn(ADMIN.email, ADMIN.password);
});

test.afterAll(async () => {
  await session?.dispose();
  await Promise.all([a?.stop(), b?.stop()]);
  await pg?.drop();
});

const jwks = async (http: OAuthHttp) =>
  (await (await fetch(`${http.baseUrl}/api/oauth/jwks`)).json()) as { keys: { kid: string }[] };

test("both instances create and publish one shared signing key", async () => {
  const [fromA, fromB] = await Promise.all([jwks(atA), jwks(atB)]);
  expect(fromA.keys).toHaveLength(1);
  expect(fromB).toEqual(fromA);
  // Both serve the same discovery documents (every URL from the shared SWITCHBOARD_URL).
  const [metaA, metaB] = await Promise.all(
    [atA, atB].map(async (h) => (await fetch(`${h.baseUrl}/.well-known/oauth-protected-resource/api/mcp`)).json()),
  );
  expect(metaB).toEqual(metaA);
});

test("a token from A works at B, B refreshes A's refresh token, A accepts B's token, and a revocation at B holds at A", async () => {
  const client = await atA.registerPublic();
  const { verifier, challenge } = pkcePair();
  const code = await atA.code(session, client, challenge);
  // The code was issued by A and is redeemed at B.
  const tokens = await atB.exchange(client, code, verifier);
  expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
  expect((await atA.mcp(tokens.body.access_token!)).status).toBe(200);
  expect((await atB.mcp(tokens.body.access_token!)).status).toBe(200);

  const refreshed = await atB.refresh(client, tokens.body.refresh_token!);
  expect(refreshed.status).toBe(200);
  expect((await atA.mcp(refreshed.body.access_token!)).status).toBe(200);
  // A sees the rotation B made: A's replay within the grace gets B's pair, not a second rotation.
  expect(await atA.refresh(client, tokens.body.refresh_token!)).toEqual(refreshed);

  const revoke = await fetch(`${b.url}/api/oauth/revoke`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: refreshed.body.refresh_token!, client_id: client.client_id }),
  });
  expect(revoke.status).toBe(200);
  expect((await atA.mcp(refreshed.body.access_token!)).status).toBe(401);
  expect(await atA.refresh(client, refreshed.body.refresh_token!)).toMatchObject({
    status: 400,
    body: { error: "invalid_grant" },
  });
});

test("simultaneous refreshes of one token at A and B rotate once and both get the same pair", async () => {
  const client = await atB.registerPublic();
  const { verifier, challenge } = pkcePair();
  const tokens = await atA.exchange(client, await atA.code(session, client, challenge), verifier);
  const [fromA, fromB] = await Promise.all([
    atA.refresh(client, tokens.body.refresh_token!),
    atB.refresh(client, tokens.body.refresh_token!),
  ]);
  expect(fromA.status).toBe(200);
  expect(fromB).toEqual(fromA);
  expect((await atB.mcp(fromA.body.access_token!)).status).toBe(200);
});
