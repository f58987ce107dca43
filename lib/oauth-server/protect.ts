// The resource-server gate of /api/mcp: Host/Origin checks first, then Bearer authentication (our JWTs or PATs) with RFC 6750 challenges.
import "server-only";
import {
  OAuthError,
  OAuthErrorCode,
  bearerAuthChallengeResponse,
  hostHeaderValidationResponse,
  originValidationResponse,
  verifyBearerToken,
  type AuthInfo,
} from "@modelcontextprotocol/server";
import type { DbHandle } from "@/lib/db/connect";
import { getDbHandle } from "@/lib/db/client";
import { getOAuthGrantWithUserAndClient, touchOAuthGrant } from "@/lib/db/queries/oauth-grants";
import { env } from "@/lib/env";
import { log, describeError } from "@/lib/log";
import type { Principal } from "@/lib/auth/principal";
import { looksLikePersonalAccessToken, verifyPersonalAccessToken } from "@/lib/auth/personal-access-tokens";
import { InvalidAccessTokenError, looksLikeJwt, verifyAccessTokenJwt } from "@/lib/oauth-server/access-tokens";
import { protectedResourceMetadataUrl } from "@/lib/oauth-server/metadata";
import { MCP_REQUIRED_SCOPES, MCP_SCOPE, SUPPORTED_SCOPES, mcpResourceUrl } from "@/lib/oauth-server/config";

export { MCP_REQUIRED_SCOPES, MCP_SCOPE, SUPPORTED_SCOPES, mcpResourceUrl };
export { protectedResourceMetadataUrl };

/** Who is calling /api/mcp, and the verified AuthInfo to hand to the MCP handler (`handler.fetch(req, { authInfo })`). */
export interface McpCaller extends Principal {
  authInfo: AuthInfo;
}

/** Browser origins allowed to call /api/mcp: this app's own, plus SWITCHBOARD_ALLOWED_ORIGINS. */
export function allowedOrigins(): Set<string> {
  return new Set([env().SWITCHBOARD_URL, ...env().SWITCHBOARD_ALLOWED_ORIGINS.map((o) => new URL(o).origin)]);
}

/** Host names /api/mcp answers to: SWITCHBOARD_URL's, plus SWITCHBOARD_ALLOWED_HOSTS (e.g. a proxy's upstream name). */
export function allowedHostnames(): string[] {
  return [new URL(env().SWITCHBOARD_URL).hostname, ...env().SWITCHBOARD_ALLOWED_HOSTS.map((h) => h.toLowerCase())];
}

/**
 * DNS-rebinding defence, before any authentication: a Host we do not serve, or a present Origin that is not exactly
 * an allowed origin (scheme, host and port), gets 403. The SDK helpers build the answers; the SDK's origin check is
 * host-name based, so it is handed a list that already encodes the exact-origin decision.
 */
export function originOrHostRejection(req: Request): Response | undefined {
  const hostRejected = hostHeaderValidationResponse(req, allowedHostnames());
  if (hostRejected) return hostRejected;
  const origin = req.headers.get("origin");
  if (origin === null || origin === "") return undefined;
  let exact: string[] = [];
  try {
    const url = new URL(origin);
    if (allowedOrigins().has(url.origin) && url.origin === origin) exact = [url.hostname];
  } catch {
    // Unparseable (including "null"): the SDK refuses it below.
  }
  return originValidationResponse(req, exact);
}

/** CORS headers for an allowed browser origin (none for others, or for requests without Origin). */
export function mcpCorsHeaders(req: Request): Record<string, string> {
  const origin = req.headers.get("origin");
  if (!origin || !allowedOrigins().has(origin)) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
    "access-control-allow-headers":
      "authorization, content-type, accept, mcp-protocol-version, mcp-session-id, last-event-id, mcp-method, mcp-name, x-switchboard-mode",
    "access-control-expose-headers": "www-authenticate, mcp-session-id, mcp-protocol-version",
    "access-control-max-age": "600",
    vary: "Origin",
  };
}

const invalidToken = (message: string) => new OAuthError(OAuthErrorCode.InvalidToken, message);

/** Verifies a bearer credential and says who it belongs to; throws an invalid_token OAuthError when refused. */
export async function verifyMcpBearer(
  handle: DbHandle,
  token: string,
  now = Date.now(),
): Promise<{ principal: Principal; authInfo: AuthInfo }> {
  const resource = new URL(mcpResourceUrl());
  if (looksLikePersonalAccessToken(token)) {
    const found = await verifyPersonalAccessToken(handle.db, token, new Date(now));
    if (!found) throw invalidToken("The access token is invalid, expired or revoked.");
    const pat = { user: found.user, via: { kind: "pat", tokenId: found.tokenId } } as const;
    // PATs act fully as their user; a never-expiring one is reported as valid for a short while, re-checked next request.
    const expiresAt = Math.floor(now / 1000) + 300;
    return {
      principal: pat,
      authInfo: { token, clientId: `pat:${found.tokenId}`, scopes: [...SUPPORTED_SCOPES], expiresAt, resource },
    };
  }
  if (!looksLikeJwt(token)) throw invalidToken("The access token is invalid.");
  let claims;
  try {
    claims = await verifyAccessTokenJwt(handle, token, { now });
  } catch (err) {
    if (err instanceof InvalidAccessTokenError) throw invalidToken(err.message);
    throw err;
  }
  const found = await getOAuthGrantWithUserAndClient(handle.db, claims.grantId);
  if (
    !found ||
    found.grant.revokedAt ||
    found.grant.userId !== claims.userId ||
    found.client.clientId !== claims.clientId
  ) {
    throw invalidToken("The access token has been revoked.");
  }
  if (found.user.disabled) throw invalidToken("The account behind this access token is disabled.");
  await touchOAuthGrant(handle.db, found.grant.id, new Date(now));
  return {
    principal: { user: found.user, via: { kind: "oauth", clientId: claims.clientId, scopes: claims.scopes } },
    authInfo: {
      token,
      clientId: claims.clientId,
      scopes: claims.scopes,
      expiresAt: claims.expiresAt,
      resource: new URL(claims.audience),
    },
  };
}

/** RFC 6750 §3.1: a request that carried no credentials gets the challenge without an error code. */
function withoutErrorParams(res: Response): Response {
  const header = res.headers.get("www-authenticate");
  if (!header) return res;
  const headers = new Headers(res.headers);
  headers.set(
    "www-authenticate",
    header.replace(/^Bearer error="[^"]*", error_description="(?:[^"\\]|\\.)*"(?:, )?/, "Bearer "),
  );
  return new Response(res.body, { status: res.status, headers });
}

/**
 * Gate for /api/mcp. Returns the caller, or the Response to send as is: 403 for a foreign Host/Origin (checked
 * before authentication), 401 with `WWW-Authenticate: Bearer resource_metadata=…, scope=…` (plus
 * error="invalid_token" when a token was sent), or 403 insufficient_scope. Query-string tokens are never read.
 */
export async function protectMcpRequest(
  req: Request,
  options: { requiredScopes?: string[] } = {},
): Promise<McpCaller | Response> {
  const rejected = originOrHostRejection(req);
  if (rejected) return rejected;
  const requiredScopes = options.requiredScopes ?? MCP_REQUIRED_SCOPES;
  const resourceMetadataUrl = protectedResourceMetadataUrl();
  const cors = mcpCorsHeaders(req);
  const answer = (res: Response) => {
    for (const [k, v] of Object.entries(cors)) res.headers.set(k, v);
    return res;
  };
  const header = req.headers.get("authorization");
  if (!header) {
    return answer(
      withoutErrorParams(
        bearerAuthChallengeResponse(invalidToken("Authorization required."), { requiredScopes, resourceMetadataUrl }),
      ),
    );
  }
  const handle = await getDbHandle();
  let principal: Principal | undefined;
  try {
    const authInfo = await verifyBearerToken(header, {
      verifier: {
        verifyAccessToken: async (token) => {
          const verified = await verifyMcpBearer(handle, token);
          principal = verified.principal;
          return verified.authInfo;
        },
      },
      requiredScopes,
      resourceMetadataUrl,
      expectedResource: new URL(mcpResourceUrl()),
    });
    return { ...principal!, authInfo };
  } catch (err) {
    if (!(err instanceof OAuthError)) log.error("bearer verification failed", { error: describeError(err) });
    return answer(bearerAuthChallengeResponse(err, { requiredScopes, resourceMetadataUrl }));
  }
}
