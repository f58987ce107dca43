// OAuth auto-discovery (RFC 9728 → RFC 8414/OIDC) and client registration for an upstream, via the MCP SDK.
import "server-only";
import {
  checkResourceAllowed,
  discoverAuthorizationServerMetadata,
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
  IssuerMismatchError,
  registerClient,
  RegistrationRejectedError,
  type AuthorizationServerMetadata,
  type OAuthProtectedResourceMetadata,
} from "@modelcontextprotocol/client";
import type { OAuth2TokenEndpointAuthMethod, Transport } from "@/lib/db/schema";
import { guardedFetch, outboundCause, safeFetch } from "@/lib/net/safe-fetch";

export const DISCOVERY_TIMEOUT_MS = 10_000;

export type DiscoveryStep = "server" | "resource_metadata" | "authorization_server_metadata" | "pkce" | "registration";

const MANUAL_HINT = "You can enter the client ID, client secret, authorization URL and token URL manually instead.";

/** A failed discovery step, with a message that names the step and what the admin can do (no bodies, no secrets). */
export class DiscoveryError extends Error {
  override name = "DiscoveryError";
  constructor(
    readonly step: DiscoveryStep,
    message: string,
  ) {
    super(`${message} ${MANUAL_HINT}`);
  }
}

export interface DiscoveryInput {
  serverUrl: string;
  transport: Transport;
  /** Our redirect URI for this server. */
  callbackUrl: string;
  /** Where this server's client-ID metadata document is served (used only when https and the AS supports it). */
  clientMetadataUrl: string;
  /** Scopes the admin asked for; they win over the discovered ones. */
  scopes: string | null;
  skipIssuerMetadataValidation: boolean;
  /** Tests override the address policy (SWITCHBOARD_UPSTREAM_DENY_PRIVATE). */
  denyPrivate?: boolean;
}

export interface DiscoveryResult {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string | null;
  /** The RFC 8707 resource to ask tokens for (the metadata's `resource`, else the server URL). */
  resource: string;
  scopes: string | null;
  clientId: string;
  clientSecret: string | null;
  registration: "dynamic" | "metadata_document";
  tokenEndpointAuthMethod: OAuth2TokenEndpointAuthMethod;
  issParameterSupported: boolean;
}

function describe(err: unknown): string {
  const outbound = outboundCause(err);
  if (outbound) return outbound.message.replace(/\.$/, "");
  if (err instanceof SyntaxError || (err as { name?: string })?.name === "ZodError")
    return "the answer was not a valid metadata document";
  const message = err instanceof Error ? err.message : "";
  const http = /HTTP (\d{3})/.exec(message);
  if (http) return `it answered HTTP ${http[1]}`;
  return "it could not be read";
}

/** Sends one unauthenticated request to learn the `resource_metadata` of the server's 401 challenge, if any. */
async function probeChallenge(input: DiscoveryInput, fetchOpts: { denyPrivate?: boolean }): Promise<URL | undefined> {
  const headers: Record<string, string> =
    input.transport === "sse"
      ? { accept: "text/event-stream" }
      : { accept: "application/json, text/event-stream", "content-type": "application/json" };
  const body =
    input.transport === "sse"
      ? undefined
      : JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-11-25",
            capabilities: {},
            clientInfo: { name: "switchboard", version: "0.1.0" },
          },
        });
  let res: Response;
  try {
    res = await safeFetch(
      input.serverUrl,
      { method: input.transport === "sse" ? "GET" : "POST", headers, body },
      { timeoutMs: DISCOVERY_TIMEOUT_MS, maxBytes: null, ...fetchOpts },
    );
  } catch (err) {
    throw new DiscoveryError("server", `Could not reach the MCP server: ${describe(err)}.`);
  }
  await res.body?.cancel().catch(() => {});
  return res.status === 401 ? extractWWWAuthenticateParams(res).resourceMetadataUrl : undefined;
}

/** The RFC 7591 error code of a refusal, never its free-text description. */
function oauthErrorCode(body: string): string {
  try {
    const code = (JSON.parse(body) as { error?: unknown }).error;
    return typeof code === "string" && /^[a-z_]{1,64}$/.test(code) ? `, ${code}` : "";
  } catch {
    return "";
  }
}

function chooseAuthMethod(metadata: AuthorizationServerMetadata): OAuth2TokenEndpointAuthMethod {
  // RFC 8414: an absent list means client_secret_basic only.
  const supported = metadata.token_endpoint_auth_methods_supported ?? ["client_secret_basic"];
  if (supported.includes("none")) return "none";
  if (supported.includes("client_secret_basic")) return "client_secret_basic";
  if (supported.includes("client_secret_post")) return "client_secret_post";
  throw new DiscoveryError(
    "registration",
    `The authorization server supports none of the client authentication methods Switchboard uses (none, client_secret_basic, client_secret_post).`,
  );
}

export async function discoverAndRegister(input: DiscoveryInput): Promise<DiscoveryResult> {
  const fetchOpts = input.denyPrivate === undefined ? {} : { denyPrivate: input.denyPrivate };
  const fetchFn = guardedFetch({ timeoutMs: DISCOVERY_TIMEOUT_MS, ...fetchOpts });
  const serverUrl = new URL(input.serverUrl);

  // 1. Protected-resource metadata: the challenge's URL, else the path-aware well-known URL, then the root one.
  const challengeUrl = await probeChallenge(input, fetchOpts);
  let resourceMetadata: OAuthProtectedResourceMetadata | undefined;
  try {
    resourceMetadata = await discoverOAuthProtectedResourceMetadata(
      serverUrl,
      challengeUrl ? { resourceMetadataUrl: challengeUrl } : undefined,
      fetchFn,
    );
  } catch (err) {
    const notPublished =
      err instanceof Error && /does not implement OAuth 2.0 Protected Resource Metadata/.test(err.message);
    if (!notPublished || challengeUrl) {
      throw new DiscoveryError(
        "resource_metadata",
        `Reading the server's OAuth protected-resource metadata failed: ${describe(err)}.`,
      );
    }
  }
  if (
    resourceMetadata &&
    !checkResourceAllowed({ requestedResource: serverUrl, configuredResource: resourceMetadata.resource })
  ) {
    throw new DiscoveryError(
      "resource_metadata",
      `The protected-resource metadata is for ${resourceMetadata.resource}, which does not cover ${serverUrl.href}.`,
    );
  }
  const authorizationServer = resourceMetadata?.authorization_servers?.[0];
  if (resourceMetadata && !authorizationServer) {
    throw new DiscoveryError("resource_metadata", "The protected-resource metadata names no authorization server.");
  }

  // 2. Authorization-server metadata (RFC 8414, then OpenID Connect discovery). Without resource metadata, servers
  //    of the 2025-03-26 era host the authorization server at their own origin.
  const asUrl = authorizationServer ?? serverUrl.origin;
  let metadata: AuthorizationServerMetadata | undefined;
  try {
    metadata = await discoverAuthorizationServerMetadata(asUrl, {
      fetchFn,
      skipIssuerValidation: input.skipIssuerMetadataValidation,
    });
  } catch (err) {
    if (err instanceof IssuerMismatchError) {
      throw new DiscoveryError(
        "authorization_server_metadata",
        `The authorization server at ${asUrl} publishes metadata for a different issuer. If you trust it, turn on "Skip issuer metadata validation".`,
      );
    }
    throw new DiscoveryError(
      "authorization_server_metadata",
      `Reading the authorization server metadata at ${asUrl} failed: ${describe(err)}.`,
    );
  }
  if (!metadata) {
    if (!resourceMetadata) {
      throw new DiscoveryError(
        "resource_metadata",
        `The server publishes no OAuth protected-resource metadata (no resource_metadata in its 401 answer, nothing at /.well-known/oauth-protected-resource), and ${serverUrl.origin} is no authorization server either.`,
      );
    }
    throw new DiscoveryError(
      "authorization_server_metadata",
      `The authorization server ${asUrl} publishes no OAuth or OpenID Connect metadata.`,
    );
  }

  // 3. PKCE with S256 is mandatory: refuse servers that do not say they support it.
  if (!metadata.code_challenge_methods_supported?.includes("S256")) {
    throw new DiscoveryError(
      "pkce",
      `The authorization server ${metadata.issuer} does not list S256 in code_challenge_methods_supported, so PKCE cannot be used safely.`,
    );
  }

  const scopes =
    input.scopes ?? (resourceMetadata?.scopes_supported?.length ? resourceMetadata.scopes_supported.join(" ") : null);
  const common = {
    issuer: metadata.issuer,
    authorizationEndpoint: metadata.authorization_endpoint,
    tokenEndpoint: metadata.token_endpoint,
    revocationEndpoint: (metadata as { revocation_endpoint?: string }).revocation_endpoint ?? null,
    resource: resourceMetadata?.resource ?? serverUrl.href,
    scopes,
    issParameterSupported: metadata.authorization_response_iss_parameter_supported === true,
  };

  // 4. Registration: a client-ID metadata document where possible, else dynamic client registration (RFC 7591).
  const cimd = new URL(input.clientMetadataUrl);
  if (metadata.client_id_metadata_document_supported === true && cimd.protocol === "https:") {
    return {
      ...common,
      clientId: cimd.href,
      clientSecret: null,
      registration: "metadata_document",
      tokenEndpointAuthMethod: "none",
    };
  }
  if (!metadata.registration_endpoint) {
    throw new DiscoveryError(
      "registration",
      `The authorization server ${metadata.issuer} offers no dynamic client registration${cimd.protocol === "https:" ? "" : " (and client-ID metadata documents need an https SWITCHBOARD_URL)"}.`,
    );
  }
  const method = chooseAuthMethod(metadata);
  let client;
  try {
    client = await registerClient(asUrl, {
      metadata,
      clientMetadata: {
        client_name: "Switchboard",
        redirect_uris: [input.callbackUrl],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: method,
        ...(scopes ? { scope: scopes } : {}),
      },
      fetchFn,
    });
  } catch (err) {
    if (err instanceof RegistrationRejectedError) {
      throw new DiscoveryError(
        "registration",
        `The authorization server refused dynamic client registration at ${metadata.registration_endpoint} (HTTP ${err.status}${oauthErrorCode(err.body)}).`,
      );
    }
    throw new DiscoveryError(
      "registration",
      `Dynamic client registration at ${metadata.registration_endpoint} failed: ${describe(err)}.`,
    );
  }
  const agreed = client.token_endpoint_auth_method;
  const tokenEndpointAuthMethod: OAuth2TokenEndpointAuthMethod =
    agreed === "none" || agreed === "client_secret_basic" || agreed === "client_secret_post"
      ? agreed
      : client.client_secret
        ? "client_secret_basic"
        : method;
  return {
    ...common,
    clientId: client.client_id,
    clientSecret: client.client_secret ?? null,
    registration: "dynamic",
    tokenEndpointAuthMethod,
  };
}
