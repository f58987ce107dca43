// Finding a client by client_id (registered or metadata document) and authenticating it at the token and revocation endpoints.
import "server-only";
import type { Queryable } from "@/lib/db/connect";
import { getOAuthClientByClientId } from "@/lib/db/queries/oauth-clients";
import type { OAuthClient } from "@/lib/db/schema";
import { safeEqual, sha256Hex } from "@/lib/crypto/hash";
import { isMetadataDocumentClientId, resolveMetadataDocumentClient } from "@/lib/oauth-server/client-metadata-document";
import { OAuthProtocolError } from "@/lib/oauth-server/oauth-errors";

/** The client for a client_id, fetching its metadata document when the id is an https URL; undefined if unknown. */
export async function findClient(db: Queryable, clientId: string, now = new Date()): Promise<OAuthClient | undefined> {
  if (!clientId || clientId.length > 2000) return undefined;
  if (isMetadataDocumentClientId(clientId)) return resolveMetadataDocumentClient(db, clientId, now);
  return getOAuthClientByClientId(db, clientId);
}

export function clientDisplayName(client: Pick<OAuthClient, "clientName" | "clientId">): string {
  return client.clientName?.trim() || `Unnamed client ${client.clientId.slice(0, 12)}…`;
}

/** Basic credentials per RFC 6749 §2.3.1: both halves are form-urlencoded before base64. */
function parseBasic(header: string): { id: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  try {
    const unescape = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
    return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

/**
 * Authenticates the calling client. A client registered with a secret must present it (Basic or body); a public
 * client must present none. Every failure is the same invalid_client, so ids cannot be probed.
 */
export async function authenticateClient(
  db: Queryable,
  headers: Headers,
  form: Map<string, string>,
): Promise<OAuthClient> {
  const authorization = headers.get("authorization");
  const basic = authorization ? parseBasic(authorization) : undefined;
  if (authorization && !basic) {
    throw new OAuthProtocolError("invalid_client", "Unsupported or malformed client authentication.", 401, true);
  }
  if (basic && form.has("client_secret")) {
    throw new OAuthProtocolError("invalid_request", "Use one client authentication method, not two.");
  }
  const formId = form.get("client_id");
  if (basic && formId !== undefined && formId !== basic.id) {
    throw new OAuthProtocolError("invalid_request", "client_id does not match the authenticated client.");
  }
  const clientId = basic?.id ?? formId;
  if (!clientId) throw new OAuthProtocolError("invalid_request", "client_id is required.");
  const secret = basic?.secret ?? form.get("client_secret");
  const failed = () => new OAuthProtocolError("invalid_client", "Client authentication failed.", 401, Boolean(basic));

  let client: OAuthClient | undefined;
  try {
    client = await findClient(db, clientId);
  } catch (err) {
    if (err instanceof OAuthProtocolError)
      throw new OAuthProtocolError("invalid_client", err.description, 401, Boolean(basic));
    throw err;
  }
  if (!client) throw failed();
  if (client.clientSecretHash) {
    if (!secret || !safeEqual(sha256Hex(secret), client.clientSecretHash)) throw failed();
  } else if (secret) {
    throw failed();
  }
  return client;
}
