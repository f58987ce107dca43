// Validating /oauth/authorize requests: untrustworthy redirects are shown on the page, other errors go back with state and iss.
import "server-only";
import type { Queryable } from "@/lib/db/connect";
import type { OAuthClient } from "@/lib/db/schema";
import { findClient } from "@/lib/oauth-server/clients";
import { OAuthProtocolError, type OAuthErrorCode } from "@/lib/oauth-server/oauth-errors";
import { redirectUriMatches, redirectUriProblem } from "@/lib/oauth-server/redirect-uris";
import {
  DEFAULT_SCOPE,
  SUPPORTED_SCOPES,
  isOurResource,
  issuer,
  mcpResourceUrl,
  parseScope,
} from "@/lib/oauth-server/config";

export type RawParams = Record<string, string | string[] | undefined>;

export interface AuthorizationRequest {
  client: OAuthClient;
  redirectUri: string;
  redirectUriGiven: boolean;
  state?: string;
  codeChallenge: string;
  scopes: string[];
  resource: string;
  prompt?: "none" | "consent" | "login";
}

export type AuthorizeOutcome =
  | { kind: "fatal"; title: string; message: string }
  | { kind: "redirect"; url: string }
  | { kind: "ok"; request: AuthorizationRequest };

/** The authorization response (success or error) as a redirect to the client; always carries iss. */
export function authorizationResponseUrl(
  redirectUri: string,
  params: { code?: string; error?: OAuthErrorCode; error_description?: string; state?: string },
): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  url.searchParams.set("iss", issuer());
  return url.toString();
}

const fatal = (title: string, message: string): AuthorizeOutcome => ({ kind: "fatal", title, message });

/** S256 challenges are base64url SHA-256 digests: exactly 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export async function validateAuthorizationRequest(db: Queryable, raw: RawParams): Promise<AuthorizeOutcome> {
  const one = (name: string): string | undefined => {
    const v = raw[name];
    return Array.isArray(v) ? undefined : v;
  };
  const repeated = Object.entries(raw).find(([, v]) => Array.isArray(v))?.[0];

  const clientId = one("client_id");
  if (!clientId) {
    return fatal(
      "This sign-in link is incomplete",
      "The application did not say who it is (client_id is missing or repeated). Start again from the application.",
    );
  }
  let client: OAuthClient | undefined;
  try {
    client = await findClient(db, clientId);
  } catch (err) {
    if (err instanceof OAuthProtocolError) return fatal("This application could not be verified", err.description);
    throw err;
  }
  if (!client) {
    return fatal(
      "Unknown application",
      "This application is not registered with Switchboard. Start again from the application so it can register itself.",
    );
  }

  const givenRedirect = one("redirect_uri");
  if (raw.redirect_uri !== undefined && givenRedirect === undefined) {
    return fatal("Invalid redirect address", "The redirect_uri parameter was sent more than once.");
  }
  let redirectUri: string;
  if (givenRedirect !== undefined) {
    if (!redirectUriMatches(client.redirectUris, givenRedirect)) {
      return fatal(
        "Invalid redirect address",
        "The redirect address in this request is not one the application registered, so Switchboard will not send you there.",
      );
    }
    redirectUri = givenRedirect;
  } else if (client.redirectUris.length === 1) {
    redirectUri = client.redirectUris[0]!;
  } else {
    return fatal("Invalid redirect address", "The request does not say where to return (redirect_uri is missing).");
  }
  const policy = redirectUriProblem(redirectUri);
  if (policy) return fatal("Redirect address not allowed", `The application's redirect address ${policy}.`);

  const state = one("state");
  const back = (error: OAuthErrorCode, description: string): AuthorizeOutcome => ({
    kind: "redirect",
    url: authorizationResponseUrl(redirectUri, { error, error_description: description, state }),
  });

  if (repeated) return back("invalid_request", `The parameter ${repeated} was sent more than once.`);
  if (one("response_type") !== "code")
    return back("unsupported_response_type", 'Only response_type "code" is supported.');
  if (one("request") !== undefined || one("request_uri") !== undefined)
    return back("invalid_request", "Request objects are not supported.");
  const challenge = one("code_challenge");
  if (!challenge)
    return back("invalid_request", "PKCE is required: send code_challenge with code_challenge_method S256.");
  if (one("code_challenge_method") !== "S256")
    return back("invalid_request", "Only the S256 code_challenge_method is accepted.");
  if (!S256_CHALLENGE.test(challenge)) return back("invalid_request", "code_challenge is not a valid S256 challenge.");

  const resource = one("resource");
  if (resource !== undefined && !isOurResource(resource)) {
    return back("invalid_target", `This server issues tokens only for ${mcpResourceUrl()}.`);
  }

  const known = parseScope(one("scope")).filter((s) => (SUPPORTED_SCOPES as readonly string[]).includes(s));
  const scopes = known.length ? known : [DEFAULT_SCOPE];

  const promptRaw = one("prompt");
  const prompt = promptRaw === "none" || promptRaw === "consent" || promptRaw === "login" ? promptRaw : undefined;

  return {
    kind: "ok",
    request: {
      client,
      redirectUri,
      redirectUriGiven: givenRedirect !== undefined,
      state,
      codeChallenge: challenge,
      scopes,
      resource: mcpResourceUrl(),
      prompt,
    },
  };
}
