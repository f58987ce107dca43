import { expect, it } from "vitest";
import { describeEachDriver } from "@/lib/testing/databases";
import { makeClient, makeUser, pkce, REDIRECT } from "@/lib/testing/oauth-server";
import type { RawParams } from "@/lib/oauth-server/authorization-request";
import { authorizeStep, type AuthorizeStep } from "@/lib/oauth-server/authorize-step";
import { decideConsent, readConsentTicket } from "@/lib/oauth-server/consent";
import type { OAuthClient } from "@/lib/db/schema";

function back(step: AuthorizeStep): Record<string, string> {
  if (step.kind !== "redirect") throw new Error(`expected a redirect, got ${step.kind}`);
  const url = new URL(step.url);
  expect(`${url.origin}${url.pathname}`).toBe(REDIRECT);
  return Object.fromEntries(url.searchParams);
}

describeEachDriver("the authorization endpoint's next step", ({ handle }) => {
  const params = (client: OAuthClient, extra: RawParams = {}): RawParams => ({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: REDIRECT,
    code_challenge: pkce().challenge,
    code_challenge_method: "S256",
    state: "st-9",
    ...extra,
  });

  /** Approves the client's default scope for the user, as the consent form would. */
  async function approve(client: OAuthClient, user: Awaited<ReturnType<typeof makeUser>>) {
    const step = await authorizeStep(handle().db, params(client), user);
    if (step.kind !== "consent") throw new Error(`expected the consent form, got ${step.kind}`);
    const decided = await decideConsent(
      handle().db,
      user,
      (await readConsentTicket(step.ticket, user.id))!,
      true,
      null,
    );
    if (!decided.ok) throw new Error(decided.message);
  }

  it("a request it cannot trust is a page, whoever asks", async () => {
    const { client } = await makeClient(handle());
    const step = await authorizeStep(
      handle().db,
      params(client, { redirect_uri: "https://evil.example/cb" }),
      undefined,
    );
    expect(step.kind).toBe("fatal");
  });

  it("signed out: sign in first, or with prompt=none back to the client with login_required", async () => {
    const { client } = await makeClient(handle());
    expect(await authorizeStep(handle().db, params(client), undefined)).toEqual({ kind: "sign_in" });
    expect(back(await authorizeStep(handle().db, params(client, { prompt: "none" }), undefined))).toEqual({
      error: "login_required",
      error_description: "The user is not signed in to Switchboard.",
      state: "st-9",
      iss: "http://localhost:3999",
    });
  });

  it("signed in without consent: the consent form with a ticket for this user, or consent_required for prompt=none", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const step = await authorizeStep(handle().db, params(client), user);
    if (step.kind !== "consent") throw new Error(`expected the consent form, got ${step.kind}`);
    expect(step.user.id).toBe(user.id);
    expect(step.request.client.clientId).toBe(client.clientId);
    expect(await readConsentTicket(step.ticket, user.id)).toMatchObject({ client_id: client.clientId, state: "st-9" });
    expect(back(await authorizeStep(handle().db, params(client, { prompt: "none" }), user))).toMatchObject({
      error: "consent_required",
      state: "st-9",
    });
  });

  it("remembered consent goes straight back with a code (prompt=none too); prompt=consent and login ask again", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    await approve(client, user);
    for (const prompt of [undefined, "none"]) {
      const q = back(await authorizeStep(handle().db, params(client, { prompt }), user));
      expect(q.code).toMatch(/^sb_code_/);
      expect(q.state).toBe("st-9");
      expect(q.error).toBeUndefined();
    }
    for (const prompt of ["consent", "login"]) {
      expect((await authorizeStep(handle().db, params(client, { prompt }), user)).kind).toBe("consent");
    }
    // A wider scope than the one approved is not remembered.
    const wider = await authorizeStep(
      handle().db,
      params(client, { scope: "mcp:tools offline_access", prompt: "none" }),
      user,
    );
    expect(back(wider).error).toBe("consent_required");
  });
});
