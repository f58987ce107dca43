import { expect, it } from "vitest";
import { describeEachDriver } from "@/lib/testing/databases";
import { codeForm, form, makeClient, makeCode, makeUser, REDIRECT } from "@/lib/testing/oauth-server";
import { exchangeAuthorizationCode } from "@/lib/oauth-server/authorization-codes";
import { refreshTokens } from "@/lib/oauth-server/refresh-tokens";
import { verifyAccessTokenJwt } from "@/lib/oauth-server/access-tokens";
import { OAuthProtocolError } from "@/lib/oauth-server/oauth-errors";
import { getOAuthGrantWithUserAndClient } from "@/lib/db/queries/oauth-grants";
import { getRefreshTokenWithGrantByHash } from "@/lib/db/queries/oauth-refresh-tokens";
import { listAuditEvents } from "@/lib/db/queries/audit-events";
import { updateUser } from "@/lib/db/queries/users";
import { sha256Hex } from "@/lib/crypto/hash";
import { REFRESH_GRACE_S } from "@/lib/oauth-server/config";

const meta = { ip: null };

async function refused(p: Promise<unknown>): Promise<OAuthProtocolError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OAuthProtocolError);
  return err as OAuthProtocolError;
}

describeEachDriver("authorization codes and refresh-token families", ({ handle }) => {
  it("exchanges a code once for a JWT bound to the resource, plus a rotating refresh token", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const { code, verifier } = await makeCode(handle(), client, user);
    const issued = await exchangeAuthorizationCode(handle(), client, codeForm(client, code, verifier), meta);
    expect(issued.response).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "mcp:tools" });
    expect(issued.response.refresh_token).toMatch(/^sb_rt_/);
    const claims = await verifyAccessTokenJwt(handle(), issued.response.access_token);
    expect(claims).toMatchObject({
      userId: user.id,
      clientId: client.clientId,
      scopes: ["mcp:tools"],
      grantId: issued.grant.id,
    });
    expect(claims.audience).toBe("http://localhost:3999/api/mcp");
    // Stored hashed, never as given.
    const row = await getRefreshTokenWithGrantByHash(handle().db, sha256Hex(issued.response.refresh_token!));
    expect(row?.grant.id).toBe(issued.grant.id);
  });

  it("refuses a wrong PKCE verifier, and the code stays usable by its rightful holder", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const { code, verifier } = await makeCode(handle(), client, user);
    const err = await refused(
      exchangeAuthorizationCode(handle(), client, codeForm(client, code, "x".repeat(43)), meta),
    );
    expect(err.code).toBe("invalid_grant");
    expect(
      (await refused(exchangeAuthorizationCode(handle(), client, codeForm(client, code, undefined as never), meta)))
        .code,
    ).toBe("invalid_request");
    await expect(
      exchangeAuthorizationCode(handle(), client, codeForm(client, code, verifier), meta),
    ).resolves.toBeTruthy();
  });

  it("refuses a code presented by another client, or with another redirect URI, or without the one it was bound to", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const { client: other } = await makeClient(handle());
    const { code, verifier } = await makeCode(handle(), client, user);
    expect(
      (await refused(exchangeAuthorizationCode(handle(), other, codeForm(other, code, verifier), meta))).description,
    ).toMatch(/another client/);
    const wrongRedirect = codeForm(client, code, verifier, { redirect_uri: "http://127.0.0.1:4567/callback2" });
    expect((await refused(exchangeAuthorizationCode(handle(), client, wrongRedirect, meta))).code).toBe(
      "invalid_grant",
    );
    const noRedirect = codeForm(client, code, verifier, { redirect_uri: undefined });
    expect((await refused(exchangeAuthorizationCode(handle(), client, noRedirect, meta))).description).toMatch(
      /redirect_uri is required/,
    );
    const otherResource = codeForm(client, code, verifier, { resource: "https://other.example/mcp" });
    expect((await refused(exchangeAuthorizationCode(handle(), client, otherResource, meta))).code).toBe(
      "invalid_target",
    );
  });

  it("refuses an expired code", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const { code, verifier } = await makeCode(handle(), client, user, { now: new Date(Date.now() - 61_000) });
    expect(
      (await refused(exchangeAuthorizationCode(handle(), client, codeForm(client, code, verifier), meta))).description,
    ).toMatch(/expired/);
  });

  it("a replayed code is refused and revokes the grant it produced", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const { code, verifier } = await makeCode(handle(), client, user);
    const first = await exchangeAuthorizationCode(handle(), client, codeForm(client, code, verifier), meta);
    const err = await refused(exchangeAuthorizationCode(handle(), client, codeForm(client, code, verifier), meta));
    expect(err.description).toMatch(/already used/);
    const grant = await getOAuthGrantWithUserAndClient(handle().db, first.grant.id);
    expect(grant?.grant.revokedReason).toBe("code_reuse");
    const refresh = form({
      grant_type: "refresh_token",
      client_id: client.clientId,
      refresh_token: first.response.refresh_token,
    });
    expect((await refused(refreshTokens(handle(), client, refresh, meta))).code).toBe("invalid_grant");
    const audit = await listAuditEvents(handle().db, { kind: "oauth.code_reuse_detected", limit: 50 });
    expect(audit.events.some((e) => e.targetId === first.grant.id && e.outcome === "denied")).toBe(true);
  });

  it("two concurrent exchanges of one code yield one grant, and the loser revokes it", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const { code, verifier } = await makeCode(handle(), client, user);
    const results = await Promise.allSettled([
      exchangeAuthorizationCode(handle(), client, codeForm(client, code, verifier), meta),
      exchangeAuthorizationCode(handle(), client, codeForm(client, code, verifier), meta),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    const grantId = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof exchangeAuthorizationCode>>>).value
      .grant.id;
    expect((await getOAuthGrantWithUserAndClient(handle().db, grantId))?.grant.revokedAt).not.toBeNull();
  });

  it("rotates refresh tokens; a replay within the grace gets the same pair; after it the family is revoked", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const { code, verifier } = await makeCode(handle(), client, user);
    const first = await exchangeAuthorizationCode(handle(), client, codeForm(client, code, verifier), meta);
    const r0 = first.response.refresh_token!;
    const t0 = new Date();
    const second = await refreshTokens(
      handle(),
      client,
      form({ client_id: client.clientId, refresh_token: r0 }),
      meta,
      t0,
    );
    expect(second.replayed).toBe(false);
    expect(second.response.refresh_token).not.toBe(r0);
    expect(second.response.access_token).not.toBe(first.response.access_token);

    const race = await refreshTokens(
      handle(),
      client,
      form({ client_id: client.clientId, refresh_token: r0 }),
      meta,
      new Date(t0.getTime() + 10_000),
    );
    expect(race.replayed).toBe(true);
    expect(race.response).toEqual(second.response);

    const late = new Date(t0.getTime() + (REFRESH_GRACE_S + 1) * 1000);
    const err = await refused(
      refreshTokens(handle(), client, form({ client_id: client.clientId, refresh_token: r0 }), meta, late),
    );
    expect(err.description).toMatch(/already used/);
    // The whole family is gone: the newest refresh token and the access tokens stop working too.
    const newest = form({ client_id: client.clientId, refresh_token: second.response.refresh_token });
    expect((await refused(refreshTokens(handle(), client, newest, meta, late))).code).toBe("invalid_grant");
    const grant = await getOAuthGrantWithUserAndClient(handle().db, first.grant.id);
    expect(grant?.grant.revokedReason).toBe("refresh_reuse");
    const audit = await listAuditEvents(handle().db, { kind: "oauth.refresh_reuse_detected", limit: 50 });
    expect(audit.events.some((e) => e.targetId === first.grant.id && e.actorId === user.id)).toBe(true);
  });

  it("concurrent refreshes with one token rotate once and both get the same pair", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const { code, verifier } = await makeCode(handle(), client, user);
    const first = await exchangeAuthorizationCode(handle(), client, codeForm(client, code, verifier), meta);
    const body = () => form({ client_id: client.clientId, refresh_token: first.response.refresh_token });
    const [a, b] = await Promise.all([
      refreshTokens(handle(), client, body(), meta),
      refreshTokens(handle(), client, body(), meta),
    ]);
    expect(a.response).toEqual(b.response);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
  });

  it("refuses a refresh token presented by another client, for a wider scope, or for another resource", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const { client: other } = await makeClient(handle());
    const { code, verifier } = await makeCode(handle(), client, user);
    const first = await exchangeAuthorizationCode(handle(), client, codeForm(client, code, verifier), meta);
    const rt = first.response.refresh_token;
    expect((await refused(refreshTokens(handle(), other, form({ refresh_token: rt }), meta))).code).toBe(
      "invalid_grant",
    );
    expect(
      (
        await refused(
          refreshTokens(handle(), client, form({ refresh_token: rt, scope: "mcp:tools offline_access" }), meta),
        )
      ).code,
    ).toBe("invalid_scope");
    expect(
      (
        await refused(
          refreshTokens(handle(), client, form({ refresh_token: rt, resource: "https://x.example/mcp" }), meta),
        )
      ).code,
    ).toBe("invalid_target");
    // None of those refusals consumed the token.
    await expect(refreshTokens(handle(), client, form({ refresh_token: rt }), meta)).resolves.toMatchObject({
      replayed: false,
    });
  });

  it("issues no refresh token to a client that did not register the refresh_token grant", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle(), { grant_types: ["authorization_code"] });
    const { code, verifier } = await makeCode(handle(), client, user);
    const issued = await exchangeAuthorizationCode(handle(), client, codeForm(client, code, verifier), meta);
    expect(issued.response.refresh_token).toBeUndefined();
  });

  it("a disabled user's code and refresh token stop working", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const a = await makeCode(handle(), client, user);
    const b = await makeCode(handle(), client, user);
    const first = await exchangeAuthorizationCode(handle(), client, codeForm(client, a.code, a.verifier), meta);
    await updateUser(handle().db, user.id, { disabled: true });
    expect(
      (await refused(exchangeAuthorizationCode(handle(), client, codeForm(client, b.code, b.verifier), meta))).code,
    ).toBe("invalid_grant");
    expect(
      (await refused(refreshTokens(handle(), client, form({ refresh_token: first.response.refresh_token }), meta)))
        .code,
    ).toBe("invalid_grant");
  });

  it("keeps the redirect URI optional at the token endpoint when the request did not name one", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const { code, verifier } = await makeCode(handle(), client, user, { redirectUriGiven: false });
    await expect(
      exchangeAuthorizationCode(handle(), client, codeForm(client, code, verifier, { redirect_uri: undefined }), meta),
    ).resolves.toBeTruthy();
    expect(REDIRECT).toMatch(/^http:\/\/127\.0\.0\.1/);
  });
});
