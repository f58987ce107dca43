// Client ID metadata documents: fetched SSRF-guarded and size-capped, checked to name themselves, cached per HTTP caching headers.
import "server-only";
import { z } from "zod";
import type { Queryable } from "@/lib/db/connect";
import { getOAuthClientByClientId, upsertMetadataDocumentClient } from "@/lib/db/queries/oauth-clients";
import type { OAuthClient } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { OutboundRequestError, safeFetch } from "@/lib/net/safe-fetch";
import { OAuthProtocolError } from "@/lib/oauth-server/oauth-errors";
import { redirectUriProblem } from "@/lib/oauth-server/redirect-uris";

export const CIMD_MAX_BYTES = 64 * 1024;
export const CIMD_TIMEOUT_MS = 5_000;
const DEFAULT_CACHE_S = 10 * 60;
const MAX_CACHE_S = 24 * 60 * 60;

/** Whether a client_id is meant as a metadata-document URL (as opposed to an id we issued). */
export function isMetadataDocumentClientId(clientId: string): boolean {
  return clientId.startsWith("https://");
}

/** Why a URL cannot be a client ID metadata document's address, or undefined (draft-ietf-oauth-client-id-metadata-document §3). */
export function metadataDocumentUrlProblem(clientId: string): string | undefined {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:") return "must use https";
  if (url.username || url.password) return "must not contain credentials";
  if (clientId.includes("#")) return "must not contain a fragment";
  if (url.pathname === "/" || url.pathname === "") return "must have a path";
  if (/\/\.{1,2}(\/|$)/.test(clientId.replace(/[?#].*$/, "").replace(/^https:\/\/[^/]+/, "")))
    return "must not contain . or .. path segments";
  if (clientId.length > 2000) return "is too long";
  return undefined;
}

const docSchema = z.object({
  client_id: z.string(),
  client_name: z.string().trim().min(1).max(200),
  redirect_uris: z.array(z.string()).min(1).max(20),
  client_uri: z.string().max(2000).optional(),
  logo_uri: z.string().max(2000).optional(),
  grant_types: z.array(z.string()).optional(),
  response_types: z.array(z.string()).optional(),
  token_endpoint_auth_method: z.string().optional(),
  scope: z.string().max(1000).optional(),
  software_id: z.string().max(200).optional(),
  software_version: z.string().max(200).optional(),
});

export type MetadataDocumentClient = Omit<OAuthClient, "id" | "createdAt" | "updatedAt" | "metadataExpiresAt">;

/** Validates a fetched document against the URL it came from; returns the client fields or throws invalid_client. */
export function parseMetadataDocument(clientId: string, body: unknown): MetadataDocumentClient {
  const fail = (why: string) =>
    new OAuthProtocolError("invalid_client", `The client metadata document at ${clientId} ${why}.`);
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw fail("is not a JSON object");
  const raw = body as Record<string, unknown>;
  const parsed = docSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw fail(`has an invalid ${String(issue.path[0] ?? "field")} (${issue.message})`);
  }
  const doc = parsed.data;
  if (doc.client_id !== clientId) throw fail("names a different client_id than its own URL");
  if ("client_secret" in raw || "client_secret_expires_at" in raw) throw fail("must not contain a client secret");
  const method = doc.token_endpoint_auth_method ?? "none";
  if (method !== "none")
    throw fail(`asks for token_endpoint_auth_method ${method}; only "none" is supported for metadata-document clients`);
  const grantTypes = doc.grant_types ?? ["authorization_code"];
  if (
    !grantTypes.includes("authorization_code") ||
    grantTypes.some((g) => g !== "authorization_code" && g !== "refresh_token")
  ) {
    throw fail("must use grant_types authorization_code (and optionally refresh_token)");
  }
  if (doc.response_types && (doc.response_types.length !== 1 || doc.response_types[0] !== "code"))
    throw fail('must use response_types ["code"]');
  for (const uri of doc.redirect_uris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw fail(`lists a redirect URI that ${problem}`);
  }
  return {
    clientId,
    kind: "metadata_document",
    clientName: doc.client_name,
    clientUri: doc.client_uri ?? null,
    logoUri: doc.logo_uri ?? null,
    redirectUris: doc.redirect_uris,
    grantTypes,
    tokenEndpointAuthMethod: "none",
    clientSecretHash: null,
    scope: doc.scope ?? null,
    softwareId: doc.software_id ?? null,
    softwareVersion: doc.software_version ?? null,
    registrationIp: null,
  };
}

/** Seconds the document may be cached, from Cache-Control (max-age, no-store, no-cache) or Expires; bounded. */
export function cacheSeconds(headers: Headers, now = Date.now()): number {
  const cc = (headers.get("cache-control") ?? "").toLowerCase();
  if (/\b(no-store|no-cache)\b/.test(cc)) return 0;
  const maxAge = /\bmax-age=(\d+)/.exec(cc);
  if (maxAge) return Math.min(Number(maxAge[1]), MAX_CACHE_S);
  const expires = headers.get("expires");
  if (expires) {
    const at = Date.parse(expires);
    return Number.isFinite(at) ? Math.max(0, Math.min(Math.floor((at - now) / 1000), MAX_CACHE_S)) : 0;
  }
  return DEFAULT_CACHE_S;
}

async function fetchDocument(clientId: string): Promise<{ body: unknown; headers: Headers }> {
  let res: Response;
  try {
    res = await safeFetch(
      clientId,
      { headers: { accept: "application/json" } },
      { timeoutMs: CIMD_TIMEOUT_MS, maxBytes: CIMD_MAX_BYTES, denyPrivate: !env().SWITCHBOARD_CIMD_ALLOW_PRIVATE },
    );
  } catch (err) {
    const why = err instanceof OutboundRequestError ? err.message : "could not be fetched";
    throw new OAuthProtocolError(
      "invalid_client",
      `The client metadata document at ${clientId} could not be fetched: ${why}`,
    );
  }
  if (res.status !== 200) {
    throw new OAuthProtocolError(
      "invalid_client",
      `The client metadata document at ${clientId} answered HTTP ${res.status}.`,
    );
  }
  try {
    return { body: JSON.parse(await res.text()), headers: res.headers };
  } catch {
    throw new OAuthProtocolError("invalid_client", `The client metadata document at ${clientId} is not valid JSON.`);
  }
}

/**
 * The client behind a metadata-document client_id: the cached row while fresh, otherwise fetched, validated and
 * stored. Must not be called inside a transaction (it does network I/O).
 */
export async function resolveMetadataDocumentClient(
  db: Queryable,
  clientId: string,
  now = new Date(),
): Promise<OAuthClient> {
  const problem = metadataDocumentUrlProblem(clientId);
  if (problem) throw new OAuthProtocolError("invalid_client", `The client_id URL ${problem}.`);
  const cached = await getOAuthClientByClientId(db, clientId);
  if (cached && cached.kind === "metadata_document" && cached.metadataExpiresAt && cached.metadataExpiresAt > now)
    return cached;
  const { body, headers } = await fetchDocument(clientId);
  const fields = parseMetadataDocument(clientId, body);
  const expires = new Date(now.getTime() + cacheSeconds(headers, now.getTime()) * 1000);
  return upsertMetadataDocumentClient(db, { ...fields, metadataExpiresAt: expires });
}
