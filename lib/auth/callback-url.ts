// Post-sign-in destinations: only paths on this site, so a crafted link cannot bounce a user elsewhere.
const BASE = "http://switchboard.invalid";

/**
 * The value as a path on this site, or "/". Browsers strip tabs and newlines and read "\" as "/" before resolving a
 * Location, so "/\t/evil.example" would land on evil.example: the value is resolved the way a browser would, and
 * only a same-site result survives, re-serialised (no control characters left).
 */
export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(value)) return "/";
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE || url.pathname.startsWith("//")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
