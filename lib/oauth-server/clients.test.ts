import { describe, expect, it } from "vitest";
import { describeEachDriver } from "@/lib/testing/databases";
import { form, makeClient } from "@/lib/testing/oauth-server";
import { registerClient, toRegistrationResponse, validateClientMetadata } from "@/lib/oauth-server/client-registration";
import { authenticateClient } from "@/lib/oauth-server/clients";
import {
  cacheSeconds,
  metadataDocumentUrlProblem,
  parseMetadataDocument,
} from "@/lib/oauth-server/client-metadata-document";
import { OAuthProtocolError } from "@/lib/oauth-server/oauth-errors";
import { getOAuthClientByClientId } from "@/lib/db/queries/oauth-clients";
import { sha256Hex } from "@/lib/crypto/hash";
import { listAuditEvents } from "@/lib/db/queries/audit-events";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof OAuthProtocolError ? err.code : "unexpected";
  }
}

describe("registration metadata (RFC 7591)", () => {
  it.each([
    [{ redirect_uris: ["javascript:alert(1)"] }, "invalid_redirect_uri"],
    [{ redirect_uris: ["http://evil.example/callback"] }, "invalid_redirect_uri"],
    [{ redirect_uris: [] }, "invalid_redirect_uri"],
    [{}, "invalid_redirect_uri"],
    [{ redirect_uris: "https://a.example/cb" }, "invalid_redirect_uri"],
    [{ redirect_uris: ["https://a.example/cb"], grant_types: ["client_credentials"] }, "invalid_client_metadata"],
    [{ redirect_uris: ["https://a.example/cb"], grant_types: ["implicit"] }, "invalid_client_metadata"],
    [{ redirect_uris: ["https://a.example/cb"], response_types: ["token"] }, "invalid_client_metadata"],
    [
      { redirect_uris: ["https://a.example/cb"], token_endpoint_auth_method: "private_key_jwt" },
      "invalid_client_metadata",
    ],
    [{ redirect_uris: ["https://a.example/cb"], jwks_uri: "https://a.example/jwks" }, "invalid_client_metadata"],
    [{ redirect_uris: ["https://a.example/cb"], client_uri: "javascript:x" }, "invalid_client_metadata"],
    [[], "invalid_client_metadata"],
  ])("refuses %j with %s", (body, code) => {
    expect(codeOf(() => validateClientMetadata(body))).toBe(code);
  });

  it("defaults to client_secret_basic (RFC 7591 §2) and ignores scopes it does not know", () => {
    const m = validateClientMetadata({ redirect_uris: ["https://a.example/cb"], scope: "mcp:tools openid weird" });
    expect(m.tokenEndpointAuthMethod).toBe("client_secret_basic");
    expect(m.scope).toBe("mcp:tools");
  });
});

describe("client ID metadata documents", () => {
  const url = "https://client.example/oauth/metadata.json";
  const doc = { client_id: url, client_name: "Example", redirect_uris: ["http://127.0.0.1:3334/callback"] };

  it("accepts a document that names itself", () => {
    expect(parseMetadataDocument(url, doc)).toMatchObject({
      clientId: url,
      clientName: "Example",
      tokenEndpointAuthMethod: "none",
    });
  });

  it.each([
    [{ ...doc, client_id: "https://attacker.example/oauth/metadata.json" }, /different client_id/],
    [{ ...doc, client_id: `${url}/` }, /different client_id/],
    [{ ...doc, client_secret: "s" }, /client secret/],
    [{ ...doc, token_endpoint_auth_method: "client_secret_basic" }, /only "none"/],
    [{ ...doc, redirect_uris: ["javascript:alert(1)"] }, /redirect URI/],
    [{ ...doc, redirect_uris: [] }, /redirect_uris/],
    [{ client_id: url, redirect_uris: doc.redirect_uris }, /client_name/],
    [{ ...doc, grant_types: ["client_credentials"] }, /grant_types/],
    ["not an object", /JSON object/],
  ])("refuses document %#", (body, why) => {
    expect(() => parseMetadataDocument(url, body)).toThrow(why);
  });

  it.each([
    ["http://client.example/meta.json", /https/],
    ["https://client.example/", /path/],
    ["https://client.example", /path/],
    ["https://client.example/a/../meta.json", /\. or \.\./],
    ["https://client.example/meta.json#x", /fragment/],
    ["https://u:p@client.example/meta.json", /credentials/],
  ])("refuses the client_id URL %s", (id, why) => {
    expect(metadataDocumentUrlProblem(id)).toMatch(why);
  });

  it("caches per Cache-Control / Expires, bounded, and not at all when told so", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(cacheSeconds(new Headers({ "cache-control": "public, max-age=120" }), now)).toBe(120);
    expect(cacheSeconds(new Headers({ "cache-control": "max-age=99999999" }), now)).toBe(86_400);
    expect(cacheSeconds(new Headers({ "cache-control": "no-store" }), now)).toBe(0);
    expect(cacheSeconds(new Headers({ "cache-control": "no-cache, max-age=60" }), now)).toBe(0);
    expect(cacheSeconds(new Headers({ expires: "Thu, 01 Jan 2026 00:05:00 GMT" }), now)).toBe(300);
    expect(cacheSeconds(new Headers(), now)).toBe(600);
  });
});

describeEachDriver("registered clients", ({ handle }) => {
  it("stores a confidential client's secret only as a hash and authenticates it by Basic or body", async () => {
    const { client, clientSecret } = await makeClient(handle(), { token_endpoint_auth_method: "client_secret_basic" });
    expect(clientSecret).toMatch(/^sbcs_/);
    const row = await getOAuthClientByClientId(handle().db, client.clientId);
    expect(row?.clientSecretHash).toBe(sha256Hex(clientSecret!));
    expect(JSON.stringify(row)).not.toContain(clientSecret);
    expect(toRegistrationResponse(client, clientSecret)).toMatchObject({
      client_secret: clientSecret,
      client_secret_expires_at: 0,
    });

    const basic = (id: string, secret: string) =>
      new Headers({
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`,
      });
    await expect(
      authenticateClient(handle().db, basic(client.clientId, clientSecret!), form({})),
    ).resolves.toMatchObject({ id: client.id });
    await expect(
      authenticateClient(handle().db, new Headers(), form({ client_id: client.clientId, client_secret: clientSecret })),
    ).resolves.toMatchObject({ id: client.id });
    // Each attempt starts only when awaited, so no rejection is ever left unhandled.
    for (const attempt of [
      () => authenticateClient(handle().db, basic(client.clientId, "wrong"), form({})),
      () => authenticateClient(handle().db, new Headers(), form({ client_id: client.clientId })),
      () => authenticateClient(handle().db, new Headers(), form({ client_id: "sbc_unknown", client_secret: "x" })),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "invalid_client", status: 401 });
    }
  });

  it("a public client may not present a secret", async () => {
    const { client } = await makeClient(handle());
    await expect(
      authenticateClient(handle().db, new Headers(), form({ client_id: client.clientId })),
    ).resolves.toMatchObject({ id: client.id });
    await expect(
      authenticateClient(handle().db, new Headers(), form({ client_id: client.clientId, client_secret: "guess" })),
    ).rejects.toMatchObject({
      code: "invalid_client",
    });
  });

  it("limits registrations per address per hour", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}-${Date.now()}`;
    const body = { redirect_uris: ["http://127.0.0.1:1/cb"], token_endpoint_auth_method: "none" };
    for (let i = 0; i < 20; i++) await registerClient(handle(), body, ip);
    await expect(registerClient(handle(), body, ip)).rejects.toMatchObject({
      code: "temporarily_unavailable",
      status: 429,
    });
    // Another address is not affected.
    await expect(registerClient(handle(), body, `${ip}-other`)).resolves.toBeTruthy();
  });

  it("audits each registration with its client, and each refusal with the reason (never a secret)", async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}-${Date.now()}`;
    const { client, clientSecret } = await registerClient(
      handle(),
      { redirect_uris: ["https://app.example/cb"], client_name: "Audited" },
      ip,
    );
    await expect(registerClient(handle(), { redirect_uris: ["http://evil.example/cb"] }, ip)).rejects.toMatchObject({
      code: "invalid_redirect_uri",
    });
    const events = (await listAuditEvents(handle().db, { limit: 50 })).events.filter((e) => e.ip === ip);
    expect(events.map((e) => [e.kind, e.outcome])).toEqual([
      ["oauth.client_registration_refused", "denied"],
      ["oauth.client_registered", "ok"],
    ]);
    expect(events[1]).toMatchObject({
      targetId: client.clientId,
      via: client.clientId,
      actorLabel: "Audited",
      details: {
        clientName: "Audited",
        redirectHosts: ["app.example"],
        tokenEndpointAuthMethod: "client_secret_basic",
      },
    });
    expect(events[0]!.details).toMatchObject({ error: "invalid_redirect_uri" });
    expect(JSON.stringify(events)).not.toContain(clientSecret!);
  });
});
