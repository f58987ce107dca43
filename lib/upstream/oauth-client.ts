// Switchboard as an OAuth client of an upstream's authorization server, through the MCP SDK's client-auth functions.
import "server-only";
import {
  exchangeAuthorization,
  InsecureTokenEndpointError,
  OAuthError,
  OAuthErrorCode,
  refreshAuthorization,
  startAuthorization,
  type AuthorizationServerMetadata,
  type OAuthClientInformationMixed,
  type OAuthTokens,
} from "@modelcontextprotocol/client";
import type { McpServer } from "@/lib/db/schema";
import { openOptional } from "@/lib/crypto/instance-secrets";
import { guardedFetch, outboundCause, safeFetch } from "@/lib/net/safe-fetch";

const TOKEN_TIMEOUT_MS = 15_000;

/** A token-endpoint failure with a readable message (the error code only, never the provider's body). */
export class TokenRequestError extends Error {
  override name = "TokenRequestError";
  constructor(
    message: string,
    /** The authorization server refused the grant itself (code or refresh token): only a new authorization helps. */
    readonly invalidGrant: boolean,
  ) {
    super(message);
  }
}

export interface OAuthClientConfig {
  metadata: AuthorizationServerMetadata;
  client: OAuthClientInformationMixed;
  /** The RFC 8707 resource: the upstream MCP server's canonical URL. */
  resource: string;
  scopes: string | undefined;
}

/** The stored registration as SDK inputs; undefined when the server has no usable OAuth client yet. */
export function oauthClientConfig(server: McpServer): OAuthClientConfig | undefined {
  if (server.authType !== "oauth2" || !server.oauth2ClientId || !server.oauth2AuthUrl || !server.oauth2TokenUrl)
    return undefined;
  const method = server.oauth2TokenEndpointAuthMethod;
  const secret = openOptional(server.oauth2ClientSecretEncrypted);
  return {
    metadata: {
      issuer: server.oauth2Issuer ?? new URL(server.oauth2AuthUrl).origin,
      authorization_endpoint: server.oauth2AuthUrl,
      token_endpoint: server.oauth2TokenUrl,
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
      ...(method ? { token_endpoint_auth_methods_supported: [method] } : {}),
    } as AuthorizationServerMetadata,
    client: {
      client_id: server.oauth2ClientId,
      ...(secret ? { client_secret: secret } : {}),
      ...(method ? { token_endpoint_auth_method: method } : {}),
    },
    resource: server.oauth2Resource ?? server.url,
    scopes: server.oauth2Scopes ?? undefined,
  };
}

export async function buildAuthorizationUrl(
  config: OAuthClientConfig,
  redirectUri: string,
  state: string,
): Promise<{ url: URL; codeVerifier: string }> {
  const { authorizationUrl, codeVerifier } = await startAuthorization(config.metadata.issuer, {
    metadata: config.metadata,
    clientInformation: config.client,
    redirectUrl: redirectUri,
    scope: config.scopes,
    state,
    resource: config.resource,
  });
  return { url: authorizationUrl, codeVerifier };
}

function tokenError(err: unknown, what: string): TokenRequestError {
  if (err instanceof OAuthError) {
    const code = /^[a-z_]{1,64}$/.test(String(err.code)) ? err.code : "error";
    return new TokenRequestError(
      `The authorization server refused the ${what} (${code}).`,
      err.code === OAuthErrorCode.InvalidGrant,
    );
  }
  if (err instanceof InsecureTokenEndpointError)
    return new TokenRequestError(
      "The token endpoint does not use https; Switchboard will not send credentials to it.",
      false,
    );
  const outbound = outboundCause(err);
  if (outbound)
    return new TokenRequestError(`The authorization server could not be reached: ${outbound.message}`, false);
  return new TokenRequestError(`The authorization server's answer to the ${what} was not usable.`, false);
}

export async function exchangeCode(
  config: OAuthClientConfig,
  code: string,
  codeVerifier: string,
  redirectUri: string,
): Promise<OAuthTokens> {
  try {
    return await exchangeAuthorization(config.metadata.issuer, {
      metadata: config.metadata,
      clientInformation: config.client,
      authorizationCode: code,
      codeVerifier,
      redirectUri,
      resource: config.resource,
      fetchFn: guardedFetch({ timeoutMs: TOKEN_TIMEOUT_MS }),
    });
  } catch (err) {
    throw tokenError(err, "authorization code");
  }
}

/** Refreshes; the SDK keeps the old refresh token in the result when the server sends none. */
export async function refreshTokens(config: OAuthClientConfig, refreshToken: string): Promise<OAuthTokens> {
  try {
    return await refreshAuthorization(config.metadata.issuer, {
      metadata: config.metadata,
      clientInformation: config.client,
      refreshToken,
      resource: config.resource,
      fetchFn: guardedFetch({ timeoutMs: TOKEN_TIMEOUT_MS }),
    });
  } catch (err) {
    throw tokenError(err, "refresh token");
  }
}

/** RFC 7009 revocation, best effort: true when the server accepted it. */
export async function revokeToken(
  config: OAuthClientConfig,
  revocationUrl: string,
  token: string,
  hint: "refresh_token" | "access_token",
): Promise<boolean> {
  const body = new URLSearchParams({ token, token_type_hint: hint });
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
  };
  const { client_id, client_secret } = config.client as { client_id: string; client_secret?: string };
  const method =
    (config.client as { token_endpoint_auth_method?: string }).token_endpoint_auth_method ??
    (client_secret ? "client_secret_basic" : "none");
  if (client_secret && method === "client_secret_basic") {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client_id)}:${encodeURIComponent(client_secret)}`).toString("base64")}`;
  } else {
    body.set("client_id", client_id);
    if (client_secret) body.set("client_secret", client_secret);
  }
  try {
    const res = await safeFetch(
      revocationUrl,
      { method: "POST", headers, body },
      { timeoutMs: TOKEN_TIMEOUT_MS, maxBytes: 64 * 1024 },
    );
    return res.ok;
  } catch {
    return false;
  }
}

export function expiresAtOf(tokens: OAuthTokens, now: Date): Date | null {
  const seconds = Number(tokens.expires_in);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(now.getTime() + seconds * 1000) : null;
}
