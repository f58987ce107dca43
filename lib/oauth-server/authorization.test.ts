import { expect, it } from "vitest";
import { describeEachDriver } from "@/lib/testing/databases";
import { codeForm, makeClient, makeUser, pkce, REDIRECT } from "@/lib/testing/oauth-server";
import {
  validateAuthorizationRequest,
  type AuthorizeOutcome,
  type RawParams,
} from "@/lib/oauth-server/authorization-request";
import {
  createConsentTicket,
  decideConsent,
  readConsentTicket,
  rememberedConsentRedirect,
} from "@/lib/oauth-server/consent";
import { exchangeAuthorizationCode } from "@/lib/oauth-server/authorization-codes";
import { listAuthorizedApps, revokeAuthorizedApp } from "@/lib/oauth-server/authorized-apps";
import { verifyMcpBearer } from "@/lib/oauth-server/protect";
import { listAuditEvents } from "@/lib/db/queries/audit-events";
import type { OAuthClient } from "@/lib/db/schema";

function redirectParams(outcome: AuthorizeOutcome): URLSearchParams {
  if (outcome.kind !== "redirect") throw new Error(`expected a redirect, got ${outcome.kind}`);
  return new URL(outcome.url).searchParams;
}

describeEachDriver("authorization requests and consent", ({ handle }) => {
  const params = (client: OAuthClient, extra: RawParams = {}): RawParams => ({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: REDIRECT,
    code_challenge: pkce().challenge,
    code_challenge_method: "S256",
    state: "st-1",
    ...extra,
  });

  it("accepts a complete request and defaults the scope and resource", async () => {
    const { client } = await makeClient(handle());
    const outcome = await validateAuthorizationRequest(handle().db, params(client));
    expect(outcome.kind).toBe("ok");
    if (outcome.kind === "ok")
      expect(outcome.request).toMatchObject({
        scopes: ["mcp:tools"],
        resource: "http://localhost:3999/api/mcp",
        state: "st-1",
      });
  });

  it("shows untrustworthy-redirect errors on the page, never redirecting", async () => {
    const { client } = await makeClient(handle());
    for (const p of [
      params(client, { client_id: "sbc_nobody" }),
      params(client, { client_id: undefined }),
      params(client, { redirect_uri: `${REDIRECT}/x` }),
      params(client, { redirect_uri: "http://127.0.0.1:4567/callbac" }),
      params(client, { redirect_uri: "https://evil.example/callback" }),
      params(client, { redirect_uri: [REDIRECT, "https://evil.example/cb"] }),
    ]) {
      expect((await validateAuthorizationRequest(handle().db, p)).kind).toBe("fatal");
    }
  });

  it("sends other errors back to the client with state and iss", async () => {
    const { client } = await makeClient(handle());
    const cases: [RawParams, string][] = [
      [{ code_challenge: undefined, code_challenge_method: undefined }, "invalid_request"],
      [{ code_challenge_method: "plain" }, "invalid_request"],
      [{ code_challenge_method: undefined }, "invalid_request"],
      [{ code_challenge: "short" }, "invalid_request"],
      [{ response_type: "token" }, "unsupported_response_type"],
      [{ resource: "https://other.example/mcp" }, "invalid_target"],
      [{ scope: ["a", "b"] }, "invalid_request"],
    ];
    for (const [extra, error] of cases) {
      const q = redirectParams(await validateAuthorizationRequest(handle().db, params(client, extra)));
      expect(q.get("error")).toBe(error);
      expect(q.get("state")).toBe("st-1");
      expect(q.get("iss")).toBe("http://localhost:3999");
    }
  });

  it("binds the consent ticket to its user; Approve yields a code that exchanges, and is remembered", async () => {
    const user = await makeUser(handle());
    const other = await makeUser(handle());
    const { client } = await makeClient(handle());
    const { verifier, challenge } = pkce();
    const outcome = await validateAuthorizationRequest(handle().db, params(client, { code_challenge: challenge }));
    if (outcome.kind !== "ok") throw new Error("expected ok");
    expect(await rememberedConsentRedirect(handle().db, user, outcome.request)).toBeUndefined();

    const ticket = await createConsentTicket(user.id, outcome.request);
    expect(await readConsentTicket(ticket, other.id)).toBeUndefined();
    expect(await readConsentTicket(`${ticket}x`, user.id)).toBeUndefined();
    const claims = await readConsentTicket(ticket, user.id);
    const decided = await decideConsent(handle().db, user, claims!, true, null);
    if (!decided.ok) throw new Error(decided.message);
    const back = new URL(decided.redirect);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get("state")).toBe("st-1");
    expect(back.searchParams.get("iss")).toBe("http://localhost:3999");
    const code = back.searchParams.get("code")!;
    const tokens = await exchangeAuthorizationCode(handle(), client, codeForm(client, code, verifier), { ip: null });
    expect(tokens.user.id).toBe(user.id);

    const again = await rememberedConsentRedirect(handle().db, user, outcome.request);
    expect(new URL(again!).searchParams.get("code")).toMatch(/^sb_code_/);
    // A wider scope than the one approved asks again.
    expect(
      await rememberedConsentRedirect(handle().db, user, {
        ...outcome.request,
        scopes: ["mcp:tools", "offline_access"],
      }),
    ).toBeUndefined();
    const audit = await listAuditEvents(handle().db, { kind: "oauth.consent_granted", actorId: user.id, limit: 5 });
    expect(audit.events[0]).toMatchObject({ targetId: client.clientId, outcome: "ok" });
  });

  it("Deny returns access_denied and remembers nothing", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const outcome = await validateAuthorizationRequest(handle().db, params(client));
    if (outcome.kind !== "ok") throw new Error("expected ok");
    const claims = await readConsentTicket(await createConsentTicket(user.id, outcome.request), user.id);
    const decided = await decideConsent(handle().db, user, claims!, false, null);
    if (!decided.ok) throw new Error(decided.message);
    expect(new URL(decided.redirect).searchParams.get("error")).toBe("access_denied");
    expect(await rememberedConsentRedirect(handle().db, user, outcome.request)).toBeUndefined();
  });

  it("lists approved apps, and revoking one ends its tokens and its consent", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle(), { client_name: "Revocable" });
    const { verifier, challenge } = pkce();
    const outcome = await validateAuthorizationRequest(handle().db, params(client, { code_challenge: challenge }));
    if (outcome.kind !== "ok") throw new Error("expected ok");
    const decided = await decideConsent(
      handle().db,
      user,
      (await readConsentTicket(await createConsentTicket(user.id, outcome.request), user.id))!,
      true,
      null,
    );
    if (!decided.ok) throw new Error(decided.message);
    const tokens = await exchangeAuthorizationCode(
      handle(),
      client,
      codeForm(client, new URL(decided.redirect).searchParams.get("code")!, verifier),
      { ip: null },
    );
    await verifyMcpBearer(handle(), tokens.response.access_token);

    const apps = await listAuthorizedApps(handle(), user.id);
    expect(apps).toHaveLength(1);
    expect(apps[0]).toMatchObject({
      id: client.id,
      name: "Revocable",
      redirectHosts: ["127.0.0.1:4567"],
      scopes: ["mcp:tools"],
      verifiedHost: null,
    });
    expect(apps[0]!.lastUsedAt).not.toBeNull();

    const principal = { user, via: { kind: "session" as const } };
    await revokeAuthorizedApp(handle(), principal, client.id, null);
    expect(await listAuthorizedApps(handle(), user.id)).toEqual([]);
    await expect(verifyMcpBearer(handle(), tokens.response.access_token)).rejects.toThrow(/revoked/);
    expect(await rememberedConsentRedirect(handle().db, user, outcome.request)).toBeUndefined();
    await expect(revokeAuthorizedApp(handle(), principal, client.id, null)).rejects.toMatchObject({
      code: "not_found",
    });
    // Another user cannot revoke (or learn about) it through their own session.
    const stranger = await makeUser(handle());
    await expect(
      revokeAuthorizedApp(handle(), { user: stranger, via: { kind: "session" } }, client.id, null),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
