// The identity headers Switchboard may add to upstream requests, and which headers are minted anew for each request.

export const IDENTITY_HEADERS = {
  userId: "X-Switchboard-User-Id",
  email: "X-Switchboard-User-Email",
  name: "X-Switchboard-User-Name",
  token: "X-Switchboard-Identity",
} as const;

/**
 * Headers whose value is minted anew for every request (the short-lived identity token). They say nothing about which
 * credential is used, so connection and cache keys ignore their values, and a pooled connection sends the current one.
 */
export const PER_REQUEST_HEADERS: ReadonlySet<string> = new Set([IDENTITY_HEADERS.token.toLowerCase()]);

/** Header values must be printable ASCII: anything else is percent-encoded (UTF-8); the signed token has the exact value. */
export function headerSafe(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}
