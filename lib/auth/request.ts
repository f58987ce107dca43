// Who may call an API route, and the check itself: the session cookie (same-origin for writes) or a personal access token.
import "server-only";
import type { DbHandle } from "@/lib/db/connect";
import type { User } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { verifyPersonalAccessToken } from "@/lib/auth/personal-access-tokens";
import { forbidden, unauthorized } from "@/lib/errors";
import type { Principal } from "@/lib/auth/principal";

/**
 * A route's access, declared where the route is declared (see lib/http/route.ts):
 * - `admin`, `user`: a signed-in user by session cookie or personal access token (`admin` also needs the role);
 * - `session`: a browser page's route (the Connect popup, the consent form), by session cookie only;
 * - `public`: anyone — say why; `sameOrigin` still refuses writes posted from another site (first-run set-up).
 */
export type Access = { auth: "admin" | "user" | "session" } | { auth: "public"; why: string; sameOrigin?: boolean };

/** The signed-in, enabled user behind the request's session cookie, if any (Auth.js in the app). */
export type SessionReader = (database: () => Promise<DbHandle>) => Promise<User | undefined>;

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

/** A write that a browser sent from another site: it may carry ambient cookies, so it is refused. */
function refuseCrossSiteWrite(req: Request): void {
  if (!SAFE_METHODS.has(req.method) && isCrossSiteRequest(req.headers)) {
    throw forbidden("Cross-site request refused.");
  }
}

async function bySession(
  req: Request,
  database: () => Promise<DbHandle>,
  readSession: SessionReader,
): Promise<Principal> {
  const user = await readSession(database);
  if (!user) throw unauthorized();
  refuseCrossSiteWrite(req);
  return { user, via: { kind: "session" } };
}

async function byToken(req: Request, database: () => Promise<DbHandle>): Promise<Principal> {
  const token = bearerToken(req.headers);
  if (!token) throw unauthorized('Malformed Authorization header; expected "Bearer <token>".');
  const found = await verifyPersonalAccessToken((await database()).db, token);
  if (!found) throw unauthorized("The access token is invalid, expired or revoked.");
  // Bearer requests carry no ambient credentials, so they need no origin check.
  return { user: found.user, via: { kind: "pat", tokenId: found.tokenId } };
}

/** Applies a route's declared access to a request: its caller (none for public routes), or an AppError (401/403). */
export async function authorize(
  req: Request,
  access: Access,
  database: () => Promise<DbHandle>,
  readSession: SessionReader,
): Promise<Principal | undefined> {
  switch (access.auth) {
    case "public":
      if (access.sameOrigin) refuseCrossSiteWrite(req);
      return undefined;
    case "session":
      return bySession(req, database, readSession);
    case "user":
    case "admin": {
      const principal = req.headers.has("authorization")
        ? await byToken(req, database)
        : await bySession(req, database, readSession);
      if (access.auth === "admin" && principal.user.role !== "admin") throw forbidden("Only admins can do this.");
      return principal;
    }
  }
}
