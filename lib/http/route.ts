// Declaring an API route: who may call it, its id segment, the database it gets, and how its failures are answered.
import "server-only";
import { errorResponse } from "@/lib/errors";
import { getDbHandle } from "@/lib/db/client";
import type { DbHandle } from "@/lib/db/connect";
import { authorize, type Access, type SessionReader } from "@/lib/auth/request";
import { getSessionUser } from "@/lib/auth/session";
import type { Principal } from "@/lib/auth/principal";
import { isUuid } from "@/lib/ids";
import { readId } from "@/lib/http/body";

export type RouteDeclaration = Access & {
  /**
   * Routes under an `[id]` segment name the thing it identifies ("Server"): a segment that is not a row id is
   * answered "<Server> not found." (404) after the access check, before the handler runs.
   */
  id?: string;
  /**
   * Answers a failure in the endpoint's own format (OAuth errors, an HTML page for a popup); the house JSON body
   * otherwise. `id` is the route's id segment when it is a well-formed id.
   */
  failure?: (err: unknown, at: { id?: string }) => Response;
};

export interface RouteContext<D extends RouteDeclaration> {
  /** The app's database handle: routes get it here, never by opening their own. */
  handle: DbHandle;
  /** Who is calling; public routes have nobody. */
  principal: D extends { auth: "public" } ? undefined : Principal;
  /** The `[id]` segment, checked and lower-cased, when the declaration names one. */
  id: D extends { id: string } ? string : undefined;
}

type NextContext = { params: Promise<Partial<Record<string, string | string[]>>> };
export type RouteHandler = (req: Request, next?: NextContext) => Promise<Response>;

export interface RouteDeps {
  database: () => Promise<DbHandle>;
  session: SessionReader;
}

/** route() over other dependencies: tests hand it their own database (and a session reader, as Auth.js is not there). */
export function routeWith(deps: RouteDeps) {
  return function route<const D extends RouteDeclaration>(
    declaration: D,
    handler: (req: Request, ctx: RouteContext<D>) => Promise<Response>,
  ): RouteHandler {
    return async (req, next) => {
      const segment = declaration.id === undefined ? undefined : (await next?.params)?.id;
      const rawId = typeof segment === "string" ? segment : "";
      // Opened once, and only when needed: a caller without credentials is refused without touching the database.
      let opened: Promise<DbHandle> | undefined;
      const database = () => (opened ??= deps.database());
      try {
        const principal = await authorize(req, declaration, database, deps.session);
        const handle = await database();
        const id = declaration.id === undefined ? undefined : readId(rawId, declaration.id);
        return await handler(req, { handle, principal, id } as RouteContext<D>);
      } catch (err) {
        if (!declaration.failure) return errorResponse(err);
        return declaration.failure(err, { id: isUuid(rawId) ? rawId.toLowerCase() : undefined });
      }
    };
  };
}

/**
 * Declares an API route: who may call it, checked before the handler runs (so a route cannot forget it), with the
 * same-origin rule for cookie writes applied inside; the handler gets the database and the caller. Every thrown value
 * becomes the house error body (or the declaration's own failure answer), and nothing leaks.
 *
 *     export const PATCH = route({ auth: "admin", id: "User" }, async (req, { handle, principal, id }) => …);
 */
export const route = routeWith({ database: getDbHandle, session: getSessionUser });

export const noContent = () => new Response(null, { status: 204 });
