// Consent: the user-bound signed ticket behind the consent form, remembered consent, and the Approve/Deny decision.
import "server-only";
import { hkdfSync } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { z } from "zod";
import type { Queryable } from "@/lib/db/connect";
import { getOAuthConsent, upsertOAuthConsent } from "@/lib/db/queries/oauth-consents";
import type { User } from "@/lib/db/schema";
import { instanceSecrets } from "@/lib/crypto/instance-secrets";
import { recordAudit } from "@/lib/audit/record";
import { findClient } from "@/lib/oauth-server/clients";
import { authorizationResponseUrl, type AuthorizationRequest } from "@/lib/oauth-server/authorization-request";
import { issueAuthorizationCode } from "@/lib/oauth-server/authorization-codes";
import { redirectUriMatches, redirectUriProblem, redirectTarget } from "@/lib/oauth-server/redirect-uris";
import { CONSENT_TICKET_TTL_S, formatScope, issuer, mcpResourceUrl, parseScope } from "@/lib/oauth-server/config";

const TICKET_AUDIENCE = "switchboard:oauth-consent";

function ticketKey(): Uint8Array {
  // A key of its own, derived from AUTH_SECRET, so a ticket can never pass for a session token or vice versa.
  return new Uint8Array(hkdfSync("sha256", instanceSecrets().authSecret, "switchboard", "oauth consent ticket v1", 32));
}

const ticketClaims = z.object({
  sub: z.string(),
  client_id: z.string(),
  redirect_uri: z.string(),
  redirect_uri_given: z.boolean(),
  code_challenge: z.string(),
  scope: z.string(),
  state: z.string().optional(),
});

export type ConsentTicket = z.output<typeof ticketClaims>;

export async function createConsentTicket(userId: string, request: AuthorizationRequest): Promise<string> {
  return new SignJWT({
    client_id: request.client.clientId,
    redirect_uri: request.redirectUri,
    redirect_uri_given: request.redirectUriGiven,
    code_challenge: request.codeChallenge,
    scope: formatScope(request.scopes),
    ...(request.state !== undefined ? { state: request.state } : {}),
  })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer(issuer())
    .setAudience(TICKET_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${CONSENT_TICKET_TTL_S}s`)
    .sign(ticketKey());
}

/** The ticket's request, if it is ours, unexpired and was made for this user; otherwise undefined. */
export async function readConsentTicket(ticket: string, userId: string): Promise<ConsentTicket | undefined> {
  try {
    const { payload } = await jwtVerify(ticket, ticketKey(), {
      algorithms: ["HS256"],
      issuer: issuer(),
      audience: TICKET_AUDIENCE,
    });
    const claims = ticketClaims.parse(payload);
    return claims.sub === userId ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** When the user already approved these scopes for this client: the redirect carrying a fresh code. */
export async function rememberedConsentRedirect(
  db: Queryable,
  user: User,
  request: AuthorizationRequest,
): Promise<string | undefined> {
  const consent = await getOAuthConsent(db, user.id, request.client.id);
  if (!consent) return undefined;
  const granted = parseScope(consent.scope);
  if (!request.scopes.every((s) => granted.includes(s))) return undefined;
  const code = await issueAuthorizationCode(db, request, user.id);
  return authorizationResponseUrl(request.redirectUri, { code, state: request.state });
}

export type ConsentDecision = { ok: true; redirect: string } | { ok: false; message: string };

/** Applies the user's Approve or Deny to a ticket's request; re-checks the client and redirect URI first. */
export async function decideConsent(
  db: Queryable,
  user: User,
  ticket: ConsentTicket,
  approve: boolean,
  ip: string | null,
): Promise<ConsentDecision> {
  const client = await findClient(db, ticket.client_id).catch(() => undefined);
  if (
    !client ||
    !redirectUriMatches(client.redirectUris, ticket.redirect_uri) ||
    redirectUriProblem(ticket.redirect_uri)
  ) {
    return {
      ok: false,
      message: "This application or its redirect address is no longer valid. Start again from the application.",
    };
  }
  const scopes = parseScope(ticket.scope);
  const audit = {
    actorId: user.id,
    actorLabel: user.email,
    via: "session",
    targetType: "oauth_client",
    targetId: client.clientId,
    ip,
    details: { clientName: client.clientName, scopes, redirectHost: redirectTarget(ticket.redirect_uri) },
  };
  if (!approve) {
    await recordAudit({ kind: "oauth.consent_denied", ...audit, outcome: "denied" }, db);
    return {
      ok: true,
      redirect: authorizationResponseUrl(ticket.redirect_uri, {
        error: "access_denied",
        error_description: "The user denied access.",
        state: ticket.state,
      }),
    };
  }
  // The consent, the code it yields and the audit event are written together or not at all.
  return db.transaction(async (tx) => {
    const previous = await getOAuthConsent(tx, user.id, client.id);
    await upsertOAuthConsent(tx, {
      userId: user.id,
      oauthClientId: client.id,
      scope: formatScope([...parseScope(previous?.scope), ...scopes]),
    });
    const code = await issueAuthorizationCode(
      tx,
      {
        client,
        redirectUri: ticket.redirect_uri,
        redirectUriGiven: ticket.redirect_uri_given,
        codeChallenge: ticket.code_challenge,
        scopes,
        resource: mcpResourceUrl(),
      },
      user.id,
    );
    await recordAudit({ kind: "oauth.consent_granted", ...audit }, tx);
    return { ok: true, redirect: authorizationResponseUrl(ticket.redirect_uri, { code, state: ticket.state }) };
  });
}
