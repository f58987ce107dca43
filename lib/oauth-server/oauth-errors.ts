// OAuth protocol errors (RFC 6749 §5.2, RFC 7591 §3.2.2, RFC 7009) and the JSON answers the OAuth endpoints send.
import { log, describeError } from "@/lib/log";
import { readCappedText } from "@/lib/http/body";

export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "invalid_target"
  | "unsupported_token_type"
  | "invalid_redirect_uri"
  | "invalid_client_metadata"
  | "access_denied"
  | "unsupported_response_type"
  | "server_error"
  | "temporarily_unavailable"
  | "login_required"
  | "consent_required"
  | "slow_down";

export class OAuthProtocolError extends Error {
  override name = "OAuthProtocolError";
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly status = code === "invalid_client" ? 401 : code === "slow_down" ? 429 : 400,
    /** Set when the client tried HTTP Basic authentication, so the 401 names that scheme (RFC 6749 §5.2). */
    readonly basicChallenge = false,
  ) {
    super(description);
  }
}

export const oauthError = (code: OAuthErrorCode, description: string) => new OAuthProtocolError(code, description);

/** OAuth endpoints are called by clients of any origin (browser-based MCP clients included); no cookies are read. */
export const OAUTH_CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, mcp-protocol-version",
  "access-control-max-age": "600",
} as const;

export const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" } as const;

export function corsPreflight(): Response {
  return new Response(null, { status: 204, headers: OAUTH_CORS_HEADERS });
}

export function oauthJson(body: unknown, status = 200, extra?: Record<string, string>): Response {
  return Response.json(body, { status, headers: { ...OAUTH_CORS_HEADERS, ...NO_STORE, ...extra } });
}

/** Turns any thrown value into an OAuth error body; unexpected errors are logged and answered as server_error. */
export function oauthErrorResponse(err: unknown): Response {
  if (err instanceof OAuthProtocolError) {
    const extra: Record<string, string> = err.basicChallenge ? { "www-authenticate": 'Basic realm="switchboard"' } : {};
    return oauthJson({ error: err.code, error_description: err.description }, err.status, extra);
  }
  log.error("oauth endpoint failed", { error: describeError(err) });
  return oauthJson(
    { error: "server_error", error_description: "Something went wrong. The server log has details." },
    500,
  );
}

const MAX_FORM_BYTES = 64 * 1024;

/**
 * Reads an application/x-www-form-urlencoded body (the token and revocation endpoints' format). A parameter sent
 * twice is refused, as RFC 6749 §3.2 requires.
 */
export async function readForm(req: Request): Promise<Map<string, string>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw oauthError("invalid_request", "Send the parameters as application/x-www-form-urlencoded.");
  }
  const text = await readCappedText(req, MAX_FORM_BYTES, () =>
    oauthError("invalid_request", "The request body is too large."),
  );
  const params = new URLSearchParams(text);
  const out = new Map<string, string>();
  for (const [key, value] of params) {
    if (out.has(key)) throw oauthError("invalid_request", `The parameter ${key} was sent more than once.`);
    out.set(key, value);
  }
  return out;
}
