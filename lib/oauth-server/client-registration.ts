// Dynamic client registration (RFC 7591): open, rate-limited per address; validates metadata and the redirect-URI
// policy; audits every registration (with the client row, in one transaction) and every refusal.
import "server-only";
import { z } from "zod";
import type { DbHandle } from "@/lib/db/connect";
import { withLock } from "@/lib/db/lock";
import { countOAuthClientsRegisteredSince, insertOAuthClient } from "@/lib/db/queries/oauth-clients";
import type { OAuthClient, OAuthClientAuthMethod } from "@/lib/db/schema";
import { randomToken, sha256Hex } from "@/lib/crypto/hash";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/audit/record";
import type { BodyErrors } from "@/lib/http/body";
import { oauthError, OAuthProtocolError } from "@/lib/oauth-server/oauth-errors";
import { clientDisplayName } from "@/lib/oauth-server/clients";
import { redirectTarget, redirectUriProblem } from "@/lib/oauth-server/redirect-uris";
import { formatScope, parseScope, SUPPORTED_SCOPES } from "@/lib/oauth-server/config";

const httpsUrl = z
  .string()
  .max(2000)
  .refine((v) => {
    try {
      return ["https:", "http:"].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

const metadataSchema = z.object({
  redirect_uris: z.array(z.string()).min(1, "must list at least one redirect URI").max(20, "at most 20 redirect URIs"),
  token_endpoint_auth_method: z.enum(["none", "client_secret_basic", "client_secret_post"]).optional(),
  grant_types: z.array(z.string()).max(10).optional(),
  response_types: z.array(z.string()).max(10).optional(),
  client_name: z.string().trim().max(200).optional(),
  client_uri: httpsUrl.optional(),
  logo_uri: httpsUrl.optional(),
  scope: z.string().max(1000).optional(),
  software_id: z.string().max(200).optional(),
  software_version: z.string().max(200).optional(),
  contacts: z.array(z.string().max(320)).max(10).optional(),
  tos_uri: httpsUrl.optional(),
  policy_uri: httpsUrl.optional(),
});

export interface RegistrationResponse {
  client_id: string;
  client_id_issued_at: number;
  client_secret?: string;
  client_secret_expires_at?: number;
  redirect_uris: string[];
  token_endpoint_auth_method: OAuthClientAuthMethod;
  grant_types: string[];
  response_types: string[];
  client_name?: string;
  client_uri?: string;
  logo_uri?: string;
  scope?: string;
  software_id?: string;
  software_version?: string;
}

const metadataError = (description: string) => new OAuthProtocolError("invalid_client_metadata", description);

export const MAX_REGISTRATION_BYTES = 32 * 1024;

/** A registration body that cannot be read is answered in RFC 7591's vocabulary, not the console API's. */
export const registrationBodyErrors: BodyErrors = {
  notJson: () =>
    oauthError("invalid_client_metadata", "Send the client metadata as JSON (Content-Type: application/json)."),
  tooLarge: () => oauthError("invalid_client_metadata", "The client metadata is too large."),
  malformed: () => oauthError("invalid_client_metadata", "The request body is not valid JSON."),
};

/** Validates registration metadata; throws invalid_redirect_uri / invalid_client_metadata (RFC 7591 §3.2.2). */
export function validateClientMetadata(body: unknown) {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw metadataError("Send the client metadata as a JSON object.");
  const raw = body as Record<string, unknown>;
  if (!("redirect_uris" in raw)) throw new OAuthProtocolError("invalid_redirect_uri", "redirect_uris is required.");
  for (const unsupported of ["jwks", "jwks_uri"]) {
    if (unsupported in raw)
      throw metadataError(`${unsupported} is not supported: register a public client or one with a client secret.`);
  }
  const parsed = metadataSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "metadata";
    if (field.startsWith("redirect_uris"))
      throw new OAuthProtocolError("invalid_redirect_uri", `redirect_uris ${issue.message}.`);
    if (field === "token_endpoint_auth_method") {
      throw metadataError("token_endpoint_auth_method must be none, client_secret_basic or client_secret_post.");
    }
    throw metadataError(`${field} ${issue.message}.`);
  }
  const m = parsed.data;
  for (const [i, uri] of m.redirect_uris.entries()) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new OAuthProtocolError("invalid_redirect_uri", `redirect_uris[${i}] ${problem}.`);
  }
  const grantTypes = m.grant_types ?? ["authorization_code"];
  if (
    !grantTypes.includes("authorization_code") ||
    grantTypes.some((g) => g !== "authorization_code" && g !== "refresh_token")
  ) {
    throw metadataError('grant_types must be ["authorization_code"] or ["authorization_code", "refresh_token"].');
  }
  const responseTypes = m.response_types ?? ["code"];
  if (responseTypes.length !== 1 || responseTypes[0] !== "code")
    throw metadataError('response_types must be ["code"].');
  const scopes = parseScope(m.scope).filter((s) => (SUPPORTED_SCOPES as readonly string[]).includes(s));
  return {
    ...m,
    // RFC 7591 §2: the default method is client_secret_basic.
    tokenEndpointAuthMethod: m.token_endpoint_auth_method ?? ("client_secret_basic" as const),
    grantTypes: [...new Set(grantTypes)],
    scope: scopes.length ? formatScope(scopes) : undefined,
  };
}

export function toRegistrationResponse(client: OAuthClient, clientSecret?: string): RegistrationResponse {
  return {
    client_id: client.clientId,
    client_id_issued_at: Math.floor(client.createdAt.getTime() / 1000),
    ...(clientSecret ? { client_secret: clientSecret, client_secret_expires_at: 0 } : {}),
    redirect_uris: client.redirectUris,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    grant_types: client.grantTypes,
    response_types: ["code"],
    ...(client.clientName ? { client_name: client.clientName } : {}),
    ...(client.clientUri ? { client_uri: client.clientUri } : {}),
    ...(client.logoUri ? { logo_uri: client.logoUri } : {}),
    ...(client.scope ? { scope: client.scope } : {}),
    ...(client.softwareId ? { software_id: client.softwareId } : {}),
    ...(client.softwareVersion ? { software_version: client.softwareVersion } : {}),
  };
}

/**
 * Registers a client after the per-address limit check; the secret (confidential clients) is returned once. The client
 * and its audit event are written together; a refused registration is audited with the reason.
 */
export async function registerClient(
  handle: DbHandle,
  body: unknown,
  ip: string | null,
  now = new Date(),
): Promise<{ client: OAuthClient; clientSecret?: string }> {
  try {
    return await register(handle, body, ip, now);
  } catch (err) {
    if (err instanceof OAuthProtocolError) {
      await recordAudit(
        {
          kind: "oauth.client_registration_refused",
          targetType: "oauth_client",
          outcome: "denied",
          ip,
          details: { error: err.code, reason: err.description },
        },
        handle.db,
      );
    }
    throw err;
  }
}

async function register(handle: DbHandle, body: unknown, ip: string | null, now: Date) {
  const m = validateClientMetadata(body);
  const clientSecret = m.tokenEndpointAuthMethod === "none" ? undefined : randomToken("sbcs_", 32);
  return withLock(handle, `oauth:register:${ip ?? "unknown"}`, async (q) => {
    const limit = env().SWITCHBOARD_OAUTH_REGISTRATIONS_PER_HOUR;
    const recent = await countOAuthClientsRegisteredSince(q, ip, new Date(now.getTime() - 60 * 60 * 1000));
    if (recent >= limit) {
      throw new OAuthProtocolError(
        "temporarily_unavailable",
        "Too many client registrations from this address; try again later.",
        429,
      );
    }
    const client = await insertOAuthClient(q, {
      clientId: randomToken("sbc_", 16),
      kind: "dynamic",
      clientName: m.client_name || null,
      clientUri: m.client_uri ?? null,
      logoUri: m.logo_uri ?? null,
      redirectUris: m.redirect_uris,
      grantTypes: m.grantTypes,
      tokenEndpointAuthMethod: m.tokenEndpointAuthMethod,
      clientSecretHash: clientSecret ? sha256Hex(clientSecret) : null,
      scope: m.scope ?? null,
      softwareId: m.software_id ?? null,
      softwareVersion: m.software_version ?? null,
      registrationIp: ip,
      metadataExpiresAt: null,
    });
    await recordAudit(
      {
        kind: "oauth.client_registered",
        actorLabel: clientDisplayName(client),
        via: client.clientId,
        targetType: "oauth_client",
        targetId: client.clientId,
        ip,
        details: {
          clientName: client.clientName,
          redirectHosts: [...new Set(client.redirectUris.map(redirectTarget))],
          tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
          softwareId: client.softwareId,
        },
      },
      q,
    );
    return { client, clientSecret };
  });
}
