// Discovery documents: RFC 8414 authorization-server metadata and RFC 9728 protected-resource metadata, URLs from SWITCHBOARD_URL.
import {
  buildOAuthProtectedResourceMetadata,
  getOAuthProtectedResourceMetadataUrl,
  type OAuthMetadata,
} from "@modelcontextprotocol/server";
import { endpoints, issuer, mcpResourceUrl, MCP_REQUIRED_SCOPES, SUPPORTED_SCOPES } from "@/lib/oauth-server/config";

export function authorizationServerMetadata(): OAuthMetadata & Record<string, unknown> {
  return {
    issuer: issuer(),
    authorization_endpoint: endpoints.authorization(),
    token_endpoint: endpoints.token(),
    registration_endpoint: endpoints.registration(),
    revocation_endpoint: endpoints.revocation(),
    jwks_uri: endpoints.jwks(),
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["none", "client_secret_basic", "client_secret_post"],
    revocation_endpoint_auth_methods_supported: ["none", "client_secret_basic", "client_secret_post"],
    scopes_supported: [...SUPPORTED_SCOPES],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
    service_documentation: `${issuer()}/connect`,
  };
}

/** The RFC 9728 URL of /api/mcp's metadata (path-aware form), named in every WWW-Authenticate challenge. */
export function protectedResourceMetadataUrl(): string {
  return getOAuthProtectedResourceMetadataUrl(new URL(mcpResourceUrl()));
}

export function protectedResourceMetadata() {
  const doc = buildOAuthProtectedResourceMetadata({
    oauthMetadata: authorizationServerMetadata(),
    resourceServerUrl: new URL(mcpResourceUrl()),
    scopesSupported: [...MCP_REQUIRED_SCOPES],
    resourceName: "Switchboard",
    serviceDocumentationUrl: new URL(`${issuer()}/connect`),
    // SWITCHBOARD_URL is the operator's choice; an http issuer outside localhost is their deliberate set-up.
    dangerouslyAllowInsecureIssuerUrl: true,
  });
  return { ...doc, bearer_methods_supported: ["header"] };
}

/** A discovery document as JSON, readable cross-origin and cacheable briefly. */
export function metadataResponse(body: unknown, method = "GET"): Response {
  const headers = {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "GET, HEAD, OPTIONS",
    "cache-control": "public, max-age=300",
  };
  if (method === "OPTIONS")
    return new Response(null, {
      status: 204,
      headers: { ...headers, "access-control-allow-headers": "mcp-protocol-version" },
    });
  const res = Response.json(body, { headers });
  return method === "HEAD" ? new Response(null, { status: 200, headers: res.headers }) : res;
}
