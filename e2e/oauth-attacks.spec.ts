// The attack table: each row is refused by the running app (its own instance on PostgreSQL, with a client ID
// metadata document server over HTTPS). Where a row needs a validly signed token, the test signs with the server's
// real key read from the database — and checks the same construction is accepted when nothing is wrong with it.
import { randomBytes } from "node:crypto";
import { SignJWT, UnsecuredJWT, base64url, type JWK } from "jose";
import type { APIRequestContext } from "@playwright/test";
import { test, expect } from "./test";
import { OAuthHttp, pkcePair, type RegisteredClient } from "./fixtures/oauth-http";
import {
  ADMIN,
  AppDatabase,
  freshPostgresDatabase,
  knownSecrets,
  sha256,
  startPostgresApp,
  type AppInstance,
} from "./fixtures/oauth-app";
import { startHttpsDocs, type HttpsDocs } from "./fixtures/https-docs";
import { approveInBrowser, startCallbackServer } from "./fixtures/oauth-browser";
import { MemoryOAuthProvider } from "./fixtures/sdk-oauth-provider";
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from "@modelcontextprotocol/client";

const secrets = knownSecrets();
let pg: { url: string; drop: () => Promise<void> };
let app: AppInstance;
let docs: HttpsDocs;
let db: AppDatabase;
let oauth: OAuthHttp;
let admin: APIRequestContext;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  pg = await freshPostgresDatabase();
  docs = await startHttpsDocs();
  app = await startPostgresApp(pg.url, secrets, {
    env: {
      NODE_EXTRA_CA_CERTS: docs.certPath,
      SWITCHBOARD_CIMD_ALLOW_PRIVATE: "true",
      SWITCHBOARD_OAUTH_REGISTRATIONS_PER_HOUR: "5",
    },
  });
  db = new AppDatabase(pg.url, secrets);
  oauth = new OAuthHttp(app.url);
  admin = await oauth.signedIn(ADMIN.email, ADMIN.password);
});

test.afterAll(async () => {
  await admin?.dispose();
  await db?.close();
  await app?.stop();
  await docs?.close();
  await pg?.drop();
});

/** A full, legitimate grant for a fresh client: the baseline each attack departs from. */
async function granted(session = admin) {
  const client = await oauth.registerPublic();
  const { verifier, challenge } = pkcePair();
  const code = await oauth.code(session, client, challenge);
  const tokens = await oauth.exchange(client, code, verifier);
  expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
  return { client, code, verifier, tokens: tokens.body as { access_token: string; refresh_token: string } };
}

async function claimsOf(token: string) {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
}

async function forge(claims: Record<string, unknown>) {
  const { kid, key } = await db.signingKey();
  return new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid, typ: "at+jwt" }).sign(key);
}

const baseParams = (client: RegisteredClient, challenge: string): Record<string, string | undefined> => ({
  response_type: "code",
  client_id: client.client_id,
  redirect_uri: client.redirect_uris[0],
  code_challenge: challenge,
  code_challenge_method: "S256",
  state: "st-attack",
});

test("no PKCE: the authorization request is sent back with invalid_request, and a token request without a verifier fails", async () => {
  const client = await oauth.registerPublic();
  const { challenge } = pkcePair();
  const res = await oauth.authorize(admin, {
    ...baseParams(client, challenge),
    code_challenge: undefined,
    code_challenge_method: undefined,
  });
  expect(res.redirect?.searchParams.get("error")).toBe("invalid_request");
  expect(res.redirect?.searchParams.get("state")).toBe("st-attack");
  expect(res.redirect?.searchParams.get("iss")).toBe(app.url);
  expect(res.redirect?.searchParams.has("code")).toBe(false);

  const code = await oauth.code(admin, client, challenge);
  const noVerifier = await oauth.exchange(client, code, "", { code_verifier: undefined });
  expect(noVerifier).toMatchObject({ status: 400, body: { error: "invalid_request" } });
});

test("plain PKCE is refused", async () => {
  const client = await oauth.registerPublic();
  const { verifier } = pkcePair();
  const res = await oauth.authorize(admin, { ...baseParams(client, verifier), code_challenge_method: "plain" });
  expect(res.redirect?.searchParams.get("error")).toBe("invalid_request");
  expect(res.redirect?.searchParams.get("error_description")).toMatch(/S256/);
});

test("a wrong PKCE verifier is refused", async () => {
  const client = await oauth.registerPublic();
  const { verifier, challenge } = pkcePair();
  const code = await oauth.code(admin, client, challenge);
  expect(await oauth.exchange(client, code, pkcePair().verifier)).toMatchObject({
    status: 400,
    body: { error: "invalid_grant" },
  });
  // The control: the right verifier still works, so the refusal was about the verifier alone.
  expect((await oauth.exchange(client, code, verifier)).status).toBe(200);
});

test("an unregistered redirect URI (and prefix/suffix variants) is shown as an error, never redirected to", async () => {
  const client = await oauth.registerPublic("https://app.example.com/oauth/callback");
  const { challenge } = pkcePair();
  for (const redirect of [
    "https://evil.example/oauth/callback",
    "https://app.example.com/oauth/callback/evil",
    "https://app.example.com/oauth/callbac",
    "https://app.example.com/oauth/callback?x=https://evil.example",
    "https://app.example.com.evil.example/oauth/callback",
    "https://app.example.com/oauth/callback#frag",
  ]) {
    const res = await oauth.authorize(admin, { ...baseParams(client, challenge), redirect_uri: redirect });
    expect(res.redirect, redirect).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.html).toContain("Invalid redirect address");
  }
});

test("a reused code is refused and revokes what it issued", async () => {
  const { client, code, verifier, tokens } = await granted();
  expect((await oauth.mcp(tokens.access_token)).status).toBe(200);
  expect(await oauth.exchange(client, code, verifier)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  expect((await oauth.mcp(tokens.access_token)).status).toBe(401);
  expect(await oauth.refresh(client, tokens.refresh_token)).toMatchObject({
    status: 400,
    body: { error: "invalid_grant" },
  });
});

test("a code issued to another client is refused", async () => {
  const client = await oauth.registerPublic();
  const thief = await oauth.registerPublic();
  const { verifier, challenge } = pkcePair();
  const code = await oauth.code(admin, client, challenge);
  const stolen = await oauth.token({
    grant_type: "authorization_code",
    client_id: thief.client_id,
    code,
    code_verifier: verifier,
    redirect_uri: client.redirect_uris[0],
  });
  expect(stolen).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  expect((await oauth.exchange(client, code, verifier)).status).toBe(200);
});

test("an expired code is refused", async () => {
  const client = await oauth.registerPublic();
  const { verifier, challenge } = pkcePair();
  const code = await oauth.code(admin, client, challenge);
  const aged =
    await db.sql`update oauth_authorization_codes set expires_at = now() - interval '1 second' where code_hash = ${sha256(code)}`;
  expect(aged.count).toBe(1);
  expect(await oauth.exchange(client, code, verifier)).toMatchObject({
    status: 400,
    body: { error: "invalid_grant", error_description: expect.stringMatching(/expired/) },
  });
});

test("refresh-token reuse after the grace period revokes the whole family", async () => {
  const { client, tokens } = await granted();
  const rotated = await oauth.refresh(client, tokens.refresh_token);
  expect(rotated.status).toBe(200);
  // Within the grace period a racing client gets the same pair back.
  expect(await oauth.refresh(client, tokens.refresh_token)).toEqual(rotated);
  const aged =
    await db.sql`update oauth_refresh_tokens set rotated_at = now() - interval '31 seconds' where token_hash = ${sha256(tokens.refresh_token)}`;
  expect(aged.count).toBe(1);
  expect(await oauth.refresh(client, tokens.refresh_token)).toMatchObject({
    status: 400,
    body: { error: "invalid_grant" },
  });
  expect(await oauth.refresh(client, rotated.body.refresh_token!)).toMatchObject({
    status: 400,
    body: { error: "invalid_grant" },
  });
  expect((await oauth.mcp(rotated.body.access_token)).status).toBe(401);
});

test("a validly signed token for another audience is refused (the same token for our audience is accepted)", async () => {
  const { tokens } = await granted();
  const claims = await claimsOf(tokens.access_token);
  expect((await oauth.mcp(await forge(claims))).status).toBe(200);
  const res = await oauth.mcp(
    await forge({ ...claims, aud: "https://other.example/mcp", jti: randomBytes(8).toString("hex") }),
  );
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
});

test("alg:none and HS256-forged tokens are refused, even keyed with the server's public key bytes", async () => {
  const { tokens } = await granted();
  const claims = await claimsOf(tokens.access_token);
  const none = new UnsecuredJWT(claims).encode();
  expect((await oauth.mcp(none)).status).toBe(401);
  const jwks = (await (await fetch(`${app.url}/api/oauth/jwks`)).json()) as { keys: JWK[] };
  const pub = jwks.keys[0]!;
  for (const secret of [
    new TextEncoder().encode(JSON.stringify(pub)),
    base64url.decode(pub.x!),
    base64url.decode(pub.y!),
  ]) {
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", kid: pub.kid, typ: "at+jwt" })
      .sign(secret);
    const res = await oauth.mcp(forged);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
  }
});

test("an expired token is refused", async () => {
  const { tokens } = await granted();
  const claims = await claimsOf(tokens.access_token);
  const now = Math.floor(Date.now() / 1000);
  expect((await oauth.mcp(await forge({ ...claims, iat: now - 60, exp: now + 60 }))).status).toBe(200);
  expect((await oauth.mcp(await forge({ ...claims, iat: now - 7200, exp: now - 3600 }))).status).toBe(401);
});

test("a disabled user's token is refused", async () => {
  const email = `member-${randomBytes(4).toString("hex")}@switchboard.test`;
  const created = await admin.post("/api/users", {
    data: { email, name: "Member", password: "member-password-1", role: "member" },
    headers: { origin: app.url },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const member = await oauth.signedIn(email, "member-password-1");
  const { client, tokens } = await granted(member);
  expect((await oauth.mcp(tokens.access_token)).status).toBe(200);
  const disabled = await admin.patch(`/api/users/${id}`, { data: { disabled: true }, headers: { origin: app.url } });
  expect(disabled.status()).toBe(200);
  expect((await oauth.mcp(tokens.access_token)).status).toBe(401);
  expect(await oauth.refresh(client, tokens.refresh_token)).toMatchObject({
    status: 400,
    body: { error: "invalid_grant" },
  });
  await member.dispose();
});

test("a revoked personal access token is refused", async () => {
  const created = await admin.post("/api/me/tokens", { data: { name: "attack-table" }, headers: { origin: app.url } });
  const { id, token } = (await created.json()) as { id: string; token: string };
  expect((await oauth.mcp(token)).status).toBe(200);
  expect((await admin.delete(`/api/me/tokens/${id}`, { headers: { origin: app.url } })).status()).toBe(204);
  const res = await oauth.mcp(token);
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
});

test("an Origin of another site is refused before authentication", async () => {
  const { tokens } = await granted();
  expect((await oauth.mcp(tokens.access_token, { origin: app.url })).status).toBe(200);
  for (const origin of ["https://evil.example", "http://localhost:1", "null"]) {
    const res = await oauth.mcp(tokens.access_token, { origin });
    expect(res.status, origin).toBe(403);
    expect(res.headers.get("www-authenticate")).toBeNull();
  }
});

test("registration with javascript: or http://evil.example redirect URIs is refused", async () => {
  for (const uri of ["javascript:alert(document.cookie)", "http://evil.example/callback", "data:text/html,x"]) {
    const res = await oauth.register({ client_name: "Evil", redirect_uris: [uri], token_endpoint_auth_method: "none" });
    expect(res.status, uri).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_redirect_uri" });
  }
});

test("a client ID metadata document whose client_id differs from its URL is refused", async () => {
  const callback = "http://127.0.0.1:4567/callback";
  const url = docs.set("/clients/liar.json", {
    client_id: `${docs.origin}/clients/honest.json`,
    client_name: "Liar",
    redirect_uris: [callback],
  });
  const { verifier, challenge } = pkcePair();
  const res = await oauth.authorize(admin, {
    response_type: "code",
    client_id: url,
    redirect_uri: callback,
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  expect(res.redirect).toBeUndefined();
  expect(res.html).toContain("different client_id");
  expect(docs.hits("/clients/liar.json")).toBeGreaterThan(0);
  const token = await oauth.token({
    grant_type: "authorization_code",
    client_id: url,
    code: "sb_code_x",
    code_verifier: verifier,
    redirect_uri: callback,
  });
  expect(token).toMatchObject({ status: 401, body: { error: "invalid_client" } });
});

test("control: a client identified by an honest metadata document completes the flow through the browser", async ({
  browser,
}) => {
  const cb = await startCallbackServer();
  try {
    const docUrl = docs.set(
      "/clients/honest.json",
      {
        client_id: `${docs.origin}/clients/honest.json`,
        client_name: "Honest CIMD client",
        redirect_uris: [cb.url],
        grant_types: ["authorization_code", "refresh_token"],
      },
      { "cache-control": "max-age=60" },
    );
    const provider = new MemoryOAuthProvider(cb.url, "Honest CIMD client", { clientMetadataUrl: docUrl });
    const transport = new StreamableHTTPClientTransport(new URL(oauth.mcpUrl), { authProvider: provider as never });
    await expect(new Client({ name: "cimd", version: "1" }).connect(transport)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect(provider.authorizationUrl?.searchParams.get("client_id")).toBe(docUrl);
    await approveInBrowser(browser, provider.authorizationUrl!.href, ADMIN);
    await transport.finishAuth(await cb.params);
    const client = new Client({ name: "cimd", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(oauth.mcpUrl), { authProvider: provider as never }));
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("switchboard__status");
    await client.close();
  } finally {
    await cb.close();
  }
});

test("tokens in the query string are ignored, and a token without the mcp:tools scope gets 403 insufficient_scope", async () => {
  const { tokens, client } = await granted();
  const inQuery = await oauth.mcp(undefined, {}, `/api/mcp?access_token=${encodeURIComponent(tokens.access_token)}`);
  expect(inQuery.status).toBe(401);
  expect(inQuery.headers.get("www-authenticate")).not.toContain("error=");
  const { verifier, challenge } = pkcePair();
  const code = await oauth.code(admin, client, challenge, { scope: "offline_access" });
  const narrow = await oauth.exchange(client, code, verifier);
  expect(narrow.body.scope).toBe("offline_access");
  const res = await oauth.mcp(narrow.body.access_token);
  expect(res.status).toBe(403);
  expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
  expect(res.headers.get("www-authenticate")).toContain('scope="mcp:tools"');
});

test("the consent form refuses cross-site posts and another user's ticket", async () => {
  const client = await oauth.registerPublic();
  const { challenge } = pkcePair();
  const page = await admin.get(oauth.authorizeUrl({ ...baseParams(client, challenge), prompt: "consent" }), {
    maxRedirects: 0,
  });
  const ticket = /name="ticket" value="([^"]+)"/.exec(await page.text())?.[1];
  expect(ticket).toBeTruthy();
  const crossSite = await admin.post("/api/oauth/authorize", {
    form: { ticket: ticket!, decision: "approve" },
    headers: { origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
  const email = `other-${randomBytes(4).toString("hex")}@switchboard.test`;
  await admin.post("/api/users", {
    data: { email, name: "Other", password: "other-password-1", role: "member" },
    headers: { origin: app.url },
  });
  const other = await oauth.signedIn(email, "other-password-1");
  const stolen = await other.post("/api/oauth/authorize", {
    form: { ticket: ticket!, decision: "approve" },
    headers: { origin: app.url },
    maxRedirects: 0,
  });
  expect(stolen.status()).toBe(400);
  expect(stolen.headers()["location"]).toBeUndefined();
  await other.dispose();
});

test("registration is rate-limited per address", async () => {
  const ip = `192.0.2.${randomBytes(1)[0]}`;
  const body = { redirect_uris: ["http://127.0.0.1:1/cb"], token_endpoint_auth_method: "none" };
  for (let i = 0; i < 5; i++) expect((await oauth.register(body, ip)).status).toBe(201);
  const limited = await oauth.register(body, ip);
  expect(limited.status).toBe(429);
  expect((await oauth.register(body, `${ip}1`)).status).toBe(201);
});

test("a confidential client authenticates with its secret; no secret, code or token reaches the server log or an error body", async () => {
  const registered = await oauth.register({
    client_name: "Confidential",
    redirect_uris: ["https://app.example.com/cb"],
    grant_types: ["authorization_code", "refresh_token"],
  });
  expect(registered.status).toBe(201);
  const client = (await registered.json()) as {
    client_id: string;
    client_secret: string;
    redirect_uris: string[];
    token_endpoint_auth_method: string;
  };
  expect(client.token_endpoint_auth_method).toBe("client_secret_basic");
  const basic = (secret: string) => ({
    authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(secret)}`).toString("base64")}`,
  });
  const { verifier, challenge } = pkcePair();
  const code = await oauth.code(admin, { ...client }, challenge);
  const params = {
    grant_type: "authorization_code",
    code,
    code_verifier: verifier,
    redirect_uri: client.redirect_uris[0],
  };

  const wrong = await oauth.token(params, basic("sbcs_wrong-secret"));
  expect(wrong).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  expect(JSON.stringify(wrong.body)).not.toContain("sbcs_wrong-secret");
  const publicStyle = await oauth.token({ ...params, client_id: client.client_id });
  expect(publicStyle).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  const tokens = await oauth.token(params, basic(client.client_secret));
  expect(tokens.status).toBe(200);

  const revoked = await fetch(`${app.url}/api/oauth/revoke`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...basic(client.client_secret) },
    body: new URLSearchParams({ token: tokens.body.access_token!, token_type_hint: "access_token" }),
  });
  expect(revoked.status).toBe(200);
  expect((await oauth.mcp(tokens.body.access_token!)).status).toBe(401);

  const log = app.output();
  for (const secret of [client.client_secret, code, verifier, tokens.body.access_token!, tokens.body.refresh_token!])
    expect(log).not.toContain(secret);
});
