// Redirect-URI policy: which URIs clients may register (https, loopback http, private-use schemes, admin patterns) and matching.
import { env } from "@/lib/env";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Schemes that can never be a client's redirect target: script, data, local files, or other protocols' URLs. */
const REFUSED_SCHEMES = new Set([
  "javascript",
  "vbscript",
  "data",
  "blob",
  "file",
  "filesystem",
  "about",
  "view-source",
  "ftp",
  "ws",
  "wss",
  "mailto",
  "tel",
  "sms",
  "urn",
]);

const MAX_URI_LENGTH = 2000;

function parse(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
}

/** Compiles an admin pattern: `*` matches within the host[:port] part, and anything in the path and query. */
export function compileRedirectPattern(pattern: string): RegExp {
  const schemeEnd = pattern.indexOf(":");
  const scheme = pattern.slice(0, schemeEnd + 1);
  let rest = pattern.slice(schemeEnd + 1);
  let authority = "";
  if (rest.startsWith("//")) {
    const end = rest.slice(2).search(/[/?#]/);
    authority = end === -1 ? rest : rest.slice(0, end + 2);
    rest = end === -1 ? "" : rest.slice(end + 2);
  }
  const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  const part = (s: string, wildcard: string) => s.split("*").map(escape).join(wildcard);
  // A pattern that stops after its host ("cursor://*", "https://*.example.com") covers every path there.
  const tail = rest === "" && authority !== "" ? "(?:[/?].*)?" : part(rest, ".*");
  return new RegExp(`^${escape(scheme.toLowerCase())}${part(authority, "[^/?#@]*")}${tail}$`);
}

function allowedByAdmin(uri: string): boolean {
  const patterns = env().SWITCHBOARD_ALLOWED_REDIRECT_URIS;
  if (patterns.length === 0) return true;
  return patterns.some((p) => compileRedirectPattern(p).test(uri));
}

/**
 * Why a redirect URI may not be registered, or undefined when it may: https anywhere, http only on loopback
 * (any port), or a private-use scheme such as cursor:// — and, when the admin set SWITCHBOARD_ALLOWED_REDIRECT_URIS,
 * only URIs matching one of those patterns.
 */
export function redirectUriProblem(raw: string): string | undefined {
  if (typeof raw !== "string" || raw.length === 0) return "must be a non-empty string";
  if (raw.length > MAX_URI_LENGTH) return `must be at most ${MAX_URI_LENGTH} characters`;
  // A backslash is read as "/" by URL parsers, so "https://evil.example\.corp.example/" would match an admin pattern
  // for *.corp.example on its raw text while browsers and our redirect go to evil.example.
  if (/[\s<>"\\]/.test(raw)) return "must not contain spaces, quotes, backslashes or angle brackets";
  const url = parse(raw);
  if (!url) return "is not an absolute URI";
  if (raw.includes("#")) return "must not contain a fragment";
  if (url.username || url.password) return "must not contain credentials";
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme === "https") {
    if (!url.hostname) return "must name a host";
  } else if (scheme === "http") {
    if (!isLoopbackHttp(url))
      return "may use http only on loopback (localhost, 127.0.0.1 or [::1]); use https otherwise";
  } else if (REFUSED_SCHEMES.has(scheme)) {
    return `must not use the ${scheme}: scheme`;
  } else if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) {
    return "has an invalid scheme";
  }
  if (!allowedByAdmin(raw))
    return "is not allowed by this server's redirect URI policy (SWITCHBOARD_ALLOWED_REDIRECT_URIS)";
  return undefined;
}

/**
 * Whether a requested redirect_uri is one the client registered: exact string match, except that a loopback
 * http URI may differ in its port (RFC 8252 §7.3 — native apps bind whatever port is free).
 */
export function redirectUriMatches(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  const req = parse(requested);
  if (!req || req.href !== requested || !isLoopbackHttp(req) || req.hash || req.username || req.password) return false;
  return registered.some((r) => {
    const reg = parse(r);
    return (
      reg !== undefined &&
      isLoopbackHttp(reg) &&
      reg.hostname === req.hostname &&
      reg.pathname === req.pathname &&
      reg.search === req.search
    );
  });
}

/** What the consent screen shows as "will redirect to": the host, or the scheme of a private-use URI. */
export function redirectTarget(uri: string): string {
  const url = parse(uri);
  if (!url) return uri;
  if (url.protocol === "http:" || url.protocol === "https:") return url.host;
  return `${url.protocol}//${url.host}`.replace(/\/\/$/, "");
}
