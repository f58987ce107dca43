// Authenticates and authorises every API request itself: session cookie (same-origin for writes) or a personal access token.
import "server-only";
import { auth } from "@/lib/auth/index";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { getUserById } from "@/lib/db/queries/users";
import { verifyPersonalAccessToken } from "@/lib/auth/personal-access-tokens";
import { forbidden, unauthorized } from "@/lib/errors";
import type { Principal } from "@/lib/auth/principal";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The Bearer credential of a request, or undefined. Query-string tokens are deliberately not read. */
export function bearerToken(headers: Headers): string | undefined {
  const value = headers.get("authorization");
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}

/**
 * True when a browser says this request came from another site. Browsers send Origin on every non-GET fetch
 * and form post; Sec-Fetch-Site covers the rest. Non-browser clients send neither and are not CSRF vectors.
 */
export function isCrossSiteRequest(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin) return origin !== env().SWITCHBOARD_URL;
  const site = headers.get("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  return false;
}

/** The signed-in user behind the session cookie, if the account still exists and is enabled. */
export async function getSessionUser() {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return undefined;
  const user = await getUserById(await getDb(), id);
  return user && !user.disabled ? user : undefined;
}

export async function authenticate(req: Request): Promise<Principal> {
  const token = bearerToken(req.headers);
  if (req.headers.has("authorization")) {
    if (!token) throw unauthorized('Malformed Authorization header; expected "Bearer <token>".');
    const found = await verifyPersonalAccessToken(await getDb(), token);
    if (!found) throw unauthorized("The access token is invalid, expired or revoked.");
    return { user: found.user, via: { kind: "pat", tokenId: found.tokenId } };
  }
  const user = await getSessionUser();
  if (!user) throw unauthorized();
  if (!SAFE_METHODS.has(req.method) && isCrossSiteRequest(req.headers)) {
    throw forbidden("Cross-site request refused.");
  }
  return { user, via: { kind: "session" } };
}

export async function requireAdmin(req: Request): Promise<Principal> {
  const principal = await authenticate(req);
  if (principal.user.role !== "admin") throw forbidden("Only admins can do this.");
  return principal;
}
