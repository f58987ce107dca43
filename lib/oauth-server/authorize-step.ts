// The authorization endpoint's next step for a request and the signed-in user (if any): an error page, back to the
// client (errors, remembered consent, prompt=none), sign-in first, or the consent form with its ticket.
import "server-only";
import type { Queryable } from "@/lib/db/connect";
import type { User } from "@/lib/db/schema";
import {
  authorizationResponseUrl,
  validateAuthorizationRequest,
  type AuthorizationRequest,
  type RawParams,
} from "@/lib/oauth-server/authorization-request";
import { createConsentTicket, rememberedConsentRedirect } from "@/lib/oauth-server/consent";

export type AuthorizeStep =
  | { kind: "fatal"; title: string; message: string }
  | { kind: "redirect"; url: string }
  | { kind: "sign_in" }
  | { kind: "consent"; request: AuthorizationRequest; user: User; ticket: string };

export async function authorizeStep(db: Queryable, params: RawParams, user: User | undefined): Promise<AuthorizeStep> {
  const outcome = await validateAuthorizationRequest(db, params);
  if (outcome.kind !== "ok") return outcome;
  const request = outcome.request;
  // prompt=none (OpenID Connect Core §3.1.2.1): never show a page; say why not to the client instead.
  const back = (error: "login_required" | "consent_required", description: string): AuthorizeStep => ({
    kind: "redirect",
    url: authorizationResponseUrl(request.redirectUri, { error, error_description: description, state: request.state }),
  });
  if (!user) {
    return request.prompt === "none"
      ? back("login_required", "The user is not signed in to Switchboard.")
      : { kind: "sign_in" };
  }
  // prompt=consent and prompt=login ask again even when the user already approved these scopes.
  if (request.prompt !== "consent" && request.prompt !== "login") {
    const remembered = await rememberedConsentRedirect(db, user, request);
    if (remembered) return { kind: "redirect", url: remembered };
  }
  if (request.prompt === "none") return back("consent_required", "The user has not approved this application yet.");
  return { kind: "consent", request, user, ticket: await createConsentTicket(user.id, request) };
}
