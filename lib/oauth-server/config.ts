// The authorization server's fixed facts: issuer, the protected resource, endpoint URLs, scopes and lifetimes.
import { env } from "@/lib/env";

/** Access tokens with this scope may list and call tools at /api/mcp. */
export const MCP_SCOPE = "mcp:tools";
/** Accepted for clients that ask for it; refresh tokens are issued whether or not it is requested. */
export const OFFLINE_ACCESS_SCOPE = "offline_access";
export const SUPPORTED_SCOPES = [MCP_SCOPE, OFFLINE_ACCESS_SCOPE] as const;
/** What /api/mcp requires, and what it names in its WWW-Authenticate challenge. */
export const MCP_REQUIRED_SCOPES = [MCP_SCOPE];
/** Granted when an authorization request names no scope (or only scopes we do not know). */
export const DEFAULT_SCOPE = MCP_SCOPE;

export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  [MCP_SCOPE]: "List and call the MCP tools available to you through Switchboard, acting as you.",
  [OFFLINE_ACCESS_SCOPE]: "Stay connected: renew its access without asking you again.",
};

export const ACCESS_TOKEN_TTL_S = 60 * 60;
export const AUTHORIZATION_CODE_TTL_S = 60;
export const REFRESH_TOKEN_TTL_S = 30 * 24 * 60 * 60;
/** A rotated refresh token presented again within this window gets the same successor (client races). */
export const REFRESH_GRACE_S = 30;
export const CONSENT_TICKET_TTL_S = 10 * 60;

export const ACCESS_TOKEN_ALG = "ES256";
export const ACCESS_TOKEN_TYP = "at+jwt";

/** The issuer: SWITCHBOARD_URL exactly (an origin, no trailing slash), never derived from a request. */
export function issuer(): string {
  return env().SWITCHBOARD_URL;
}

/** The protected resource (RFC 8707 audience of every access token we issue). */
export function mcpResourceUrl(): string {
  return `${issuer()}/api/mcp`;
}

export const endpoints = {
  authorization: () => `${issuer()}/oauth/authorize`,
  token: () => `${issuer()}/api/oauth/token`,
  registration: () => `${issuer()}/api/oauth/register`,
  revocation: () => `${issuer()}/api/oauth/revoke`,
  jwks: () => `${issuer()}/api/oauth/jwks`,
};

/** Space-separated scope string → unique list (order kept). */
export function parseScope(scope: string | null | undefined): string[] {
  return [...new Set((scope ?? "").split(" ").filter(Boolean))];
}

export function formatScope(scopes: readonly string[]): string {
  return [...new Set(scopes)].join(" ");
}

/** Compares resource identifiers as the MCP SDK does: ignoring a fragment and one trailing slash. */
export function isOurResource(value: string): boolean {
  const strip = (v: string) => v.replace(/#.*$/, "").replace(/\/$/, "");
  return strip(value) === strip(mcpResourceUrl());
}
