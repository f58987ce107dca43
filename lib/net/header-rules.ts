// Which header names and values an admin may configure for requests to an upstream.

const TOKEN_CHARS = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the transport owns, hop-by-hop headers, and the identity headers Switchboard itself vouches for. */
const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "trailers",
  "transfer-encoding",
  "upgrade",
]);

/** Why a header name cannot be configured, or null when it can. */
export function headerNameProblem(name: string): string | null {
  if (!name) return "Enter a header name.";
  if (name.length > 100) return "Header names are at most 100 characters.";
  if (!TOKEN_CHARS.test(name))
    return `"${name}" is not a valid header name (letters, digits and !#$%&'*+.^_\`|~- only).`;
  const lower = name.toLowerCase();
  if (RESERVED_HEADERS.has(lower)) return `${name} is set by the HTTP connection itself and cannot be configured.`;
  if (lower.startsWith("x-switchboard-"))
    return "X-Switchboard-* headers are reserved for the identity headers Switchboard sends.";
  return null;
}

/** Header values go on the wire as-is: printable ASCII (and tab) only, so nothing can split or smuggle a header. */
export function headerValueProblem(value: string): string | null {
  if (!value) return "Enter a value.";
  if (value.length > 8192) return "Header values are at most 8192 characters.";
  if (!/^[\t\x20-\x7e]+$/.test(value))
    return "Header values may contain printable ASCII characters only (no line breaks).";
  return null;
}
