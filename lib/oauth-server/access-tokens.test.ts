import { expect, it } from "vitest";
import { SignJWT, UnsecuredJWT, base64url, importJWK, type JWK } from "jose";
import { describeEachDriver } from "@/lib/testing/databases";
import { codeForm, makeClient, makeCode, makeUser } from "@/lib/testing/oauth-server";
import { exchangeAuthorizationCode } from "@/lib/oauth-server/authorization-codes";
import { signAccessToken, verifyAccessTokenJwt } from "@/lib/oauth-server/access-tokens";
import { verifyMcpBearer } from "@/lib/oauth-server/protect";
import {
  KEY_RETIRED_KEPT_MS,
  KEY_ROTATE_AFTER_MS,
  clearSigningKeyCache,
  currentSigningKey,
  publishedKeys,
} from "@/lib/oauth-server/signing-keys";
import { revokeOAuthGrant } from "@/lib/db/queries/oauth-grants";
import { listOAuthSigningKeysSince } from "@/lib/db/queries/oauth-signing-keys";
import { updateUser } from "@/lib/db/queries/users";
import { deletePersonalAccessToken } from "@/lib/db/queries/personal-access-tokens";
import { createPersonalAccessToken } from "@/lib/auth/personal-access-tokens";
import { openSecret } from "@/lib/crypto/instance-secrets";
import { issuer, mcpResourceUrl } from "@/lib/oauth-server/config";

const meta = { ip: null };

describeEachDriver("access tokens and the /api/mcp bearer check", ({ handle }) => {
  async function issued() {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const { code, verifier } = await makeCode(handle(), client, user);
    const result = await exchangeAuthorizationCode(handle(), client, codeForm(client, code, verifier), meta);
    return { client, ...result, user };
  }

  /** Signs arbitrary claims with our real current private key (what only a key thief could do). */
  async function forgeWithOurKey(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
    const { kid } = await currentSigningKey(handle());
    const [row] = (await listOAuthSigningKeysSince(handle().db, new Date(0))).filter((k) => k.kid === kid);
    const key = await importJWK(JSON.parse(openSecret(row!.privateJwkEncrypted)) as JWK, "ES256");
    return new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid, typ: "at+jwt", ...header }).sign(key);
  }

  it("accepts its own tokens and names the user, client, scopes and grant", async () => {
    const { user, client, response, grant } = await issued();
    const { principal, authInfo } = await verifyMcpBearer(handle(), response.access_token);
    expect(principal.user.id).toBe(user.id);
    expect(principal.via).toEqual({ kind: "oauth", clientId: client.clientId, scopes: ["mcp:tools"] });
    expect(authInfo).toMatchObject({ clientId: client.clientId, scopes: ["mcp:tools"] });
    expect(authInfo.resource?.href).toBe(mcpResourceUrl());
    expect((await verifyAccessTokenJwt(handle(), response.access_token)).grantId).toBe(grant.id);
  });

  it("refuses alg:none tokens", async () => {
    const { user, client, grant } = await issued();
    const now = Math.floor(Date.now() / 1000);
    const token = new UnsecuredJWT({ client_id: client.clientId, scope: "mcp:tools", sid: grant.id, jti: "x" })
      .setIssuer(issuer())
      .setSubject(user.id)
      .setAudience(mcpResourceUrl())
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .encode();
    await expect(verifyMcpBearer(handle(), token)).rejects.toThrow(/not signed by this server/);
  });

  it("refuses HS256 forgeries, including one keyed with our own public key's bytes", async () => {
    const { user, client, grant } = await issued();
    const jwks = await publishedKeys(handle());
    const pub = jwks.keys[0]!;
    const now = Math.floor(Date.now() / 1000);
    const claims = { client_id: client.clientId, scope: "mcp:tools", sid: grant.id, jti: "forged" };
    for (const secret of [
      new TextEncoder().encode(JSON.stringify(pub)),
      base64url.decode(pub.x!),
      new TextEncoder().encode("secret"),
    ]) {
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256", kid: pub.kid, typ: "at+jwt" })
        .setIssuer(issuer())
        .setSubject(user.id)
        .setAudience(mcpResourceUrl())
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(secret);
      await expect(verifyMcpBearer(handle(), token)).rejects.toThrow(/not signed by this server/);
    }
  });

  it("refuses a token signed by another ES256 key under our kid", async () => {
    const { user, client, grant } = await issued();
    const { generateKeyPair } = await import("jose");
    const { privateKey } = await generateKeyPair("ES256");
    const { kid } = await currentSigningKey(handle());
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ client_id: client.clientId, scope: "mcp:tools", sid: grant.id, jti: "x" })
      .setProtectedHeader({ alg: "ES256", kid, typ: "at+jwt" })
      .setIssuer(issuer())
      .setSubject(user.id)
      .setAudience(mcpResourceUrl())
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(privateKey);
    await expect(verifyMcpBearer(handle(), token)).rejects.toThrow(/invalid/);
  });

  it("refuses a validly signed token for another audience, issuer or type, and an expired one", async () => {
    const { user, client, grant } = await issued();
    const now = Math.floor(Date.now() / 1000);
    const base = {
      iss: issuer(),
      sub: user.id,
      aud: mcpResourceUrl(),
      client_id: client.clientId,
      scope: "mcp:tools",
      sid: grant.id,
      jti: "j",
      iat: now,
      exp: now + 600,
    };
    // The control: the same construction with every claim right is accepted, so each refusal below is about its one change.
    await expect(verifyMcpBearer(handle(), await forgeWithOurKey(base))).resolves.toBeTruthy();
    await expect(
      verifyMcpBearer(handle(), await forgeWithOurKey({ ...base, aud: "https://other.example/mcp" })),
    ).rejects.toThrow(/not issued for this resource/);
    await expect(
      verifyMcpBearer(handle(), await forgeWithOurKey({ ...base, iss: "https://evil.example" })),
    ).rejects.toThrow(/invalid/);
    await expect(verifyMcpBearer(handle(), await forgeWithOurKey(base, { typ: "JWT" }))).rejects.toThrow(/invalid/);
    await expect(
      verifyMcpBearer(handle(), await forgeWithOurKey({ ...base, iat: now - 7200, exp: now - 3600 })),
    ).rejects.toThrow(/expired/);
  });

  it("refuses the tokens of a revoked grant and of a disabled user", async () => {
    const a = await issued();
    await revokeOAuthGrant(handle().db, a.grant.id, "user");
    await expect(verifyMcpBearer(handle(), a.response.access_token)).rejects.toThrow(/revoked/);
    const b = await issued();
    await updateUser(handle().db, b.user.id, { disabled: true });
    await expect(verifyMcpBearer(handle(), b.response.access_token)).rejects.toThrow(/disabled/);
  });

  it("accepts personal access tokens until they are revoked or their user is disabled", async () => {
    const user = await makeUser(handle());
    const { row, token } = await createPersonalAccessToken(handle().db, user.id, "script", undefined);
    const ok = await verifyMcpBearer(handle(), token);
    expect(ok.principal.via).toEqual({ kind: "pat", tokenId: row.id });
    expect(ok.authInfo.scopes).toContain("mcp:tools");
    await deletePersonalAccessToken(handle().db, user.id, row.id);
    await expect(verifyMcpBearer(handle(), token)).rejects.toThrow(/invalid, expired or revoked/);
    const other = await createPersonalAccessToken(handle().db, user.id, "script 2", undefined);
    await updateUser(handle().db, user.id, { disabled: true });
    await expect(verifyMcpBearer(handle(), other.token)).rejects.toThrow(/invalid, expired or revoked/);
  });

  it("rotates signing keys by age; the JWKS keeps recent keys so older tokens still verify", async () => {
    const { user, client, grant } = await issued();
    const t0 = Date.now();
    const old = await signAccessToken(
      handle(),
      { userId: user.id, clientId: client.clientId, scopes: ["mcp:tools"], grantId: grant.id },
      t0,
    );
    const k0 = (await currentSigningKey(handle(), t0)).kid;
    const later = t0 + KEY_ROTATE_AFTER_MS + 60_000;
    clearSigningKeyCache(handle());
    const k1 = (await currentSigningKey(handle(), later)).kid;
    expect(k1).not.toBe(k0);
    const kids = (await publishedKeys(handle(), later)).keys.map((k) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([k0, k1]));
    // The old token's signature still checks out with the retired key (its own expiry aside).
    await expect(verifyAccessTokenJwt(handle(), old.token, { now: t0 + 60_000 })).resolves.toMatchObject({
      userId: user.id,
    });
    const muchLater = later + KEY_ROTATE_AFTER_MS + KEY_RETIRED_KEPT_MS;
    clearSigningKeyCache(handle());
    expect((await publishedKeys(handle(), muchLater)).keys.map((k) => k.kid)).not.toContain(k0);
    // The JWKS never carries private material.
    for (const k of (await publishedKeys(handle(), muchLater)).keys) expect(k).not.toHaveProperty("d");
    clearSigningKeyCache(handle());
  });
});
