import { beforeAll, describe, expect, it, vi } from "vitest";
import type { User } from "@/lib/db/schema";
import { AppError, conflict, errorResponse, forbidden, invalid, notFound, unauthorized } from "@/lib/errors";
import { routeWith, type RouteDeclaration } from "@/lib/http/route";
import { createPersonalAccessToken } from "@/lib/auth/personal-access-tokens";
import { createTestUser } from "@/lib/testing/actors";
import { describeEachDriver } from "@/lib/testing/databases";
import { env } from "@/lib/env";

async function bodyOf(res: Response) {
  return { status: res.status, body: (await res.json()) as unknown };
}

describe("error vocabulary", () => {
  it.each([
    [unauthorized(), 401, "unauthorized"],
    [forbidden(), 403, "forbidden"],
    [notFound("User"), 404, "not_found"],
    [conflict("Taken.", { email: "Already in use." }), 409, "conflict"],
    [invalid({ name: "Enter a name." }), 400, "validation_failed"],
  ])("%s → its status and the house body", async (err, status, code) => {
    const res = await bodyOf(errorResponse(err));
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
  });

  it("answers an unexpected error with 500 and a generic message; the details go to the log only", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await bodyOf(errorResponse(new Error("connection to db.internal:5432 failed for user sb")));
    expect(res).toEqual({
      status: 500,
      body: { error: { code: "internal", message: "Something went wrong. The server log has details." } },
    });
    expect(logged.mock.calls.flat().join(" ")).toContain("db.internal:5432");
    logged.mockRestore();
  });
});

describeEachDriver("route()", ({ handle }) => {
  let member: User;
  let admin: User;
  let memberToken: string;
  let adminToken: string;
  /** Whom the session cookie names in a test: Auth.js itself runs in the end-to-end suite. */
  let sessionUser: User | undefined;
  const route = routeWith({ database: async () => handle(), session: async () => sessionUser });

  beforeAll(async () => {
    member = await createTestUser(handle().db, "member");
    admin = await createTestUser(handle().db, "admin");
    memberToken = (await createPersonalAccessToken(handle().db, member.id, "route test", undefined)).token;
    adminToken = (await createPersonalAccessToken(handle().db, admin.id, "route test", undefined)).token;
  });

  /** A route that answers who called it, and counts the calls that reached it. */
  function probe<const D extends RouteDeclaration>(declaration: D) {
    const reached: unknown[] = [];
    const handler = route(declaration, async (_req, ctx) => {
      reached.push(ctx);
      return Response.json({
        user: ctx.principal?.user.email ?? null,
        via: ctx.principal?.via.kind ?? null,
        id: ctx.id,
      });
    });
    return { handler, reached };
  }

  const call = async (
    handler: ReturnType<typeof probe>["handler"],
    init: { method?: string; headers?: Record<string, string>; id?: string } = {},
  ) => {
    const res = await handler(
      new Request("http://localhost/api/x", { method: init.method ?? "GET", headers: init.headers }),
      {
        params: Promise.resolve(init.id === undefined ? {} : { id: init.id }),
      },
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const sameOrigin = () => ({ origin: env().SWITCHBOARD_URL });

  it("user routes: 401 without credentials or with a bad token, the caller otherwise (token or session)", async () => {
    const { handler, reached } = probe({ auth: "user" });
    sessionUser = undefined;
    expect((await call(handler)).status).toBe(401);
    expect(await call(handler, { headers: bearer("sb_pat_not-a-real-token") })).toMatchObject({
      status: 401,
      body: { error: { code: "unauthorized", message: "The access token is invalid, expired or revoked." } },
    });
    expect((await call(handler, { headers: { authorization: "Basic YWRtaW46YWRtaW4=" } })).body).toMatchObject({
      error: { code: "unauthorized", message: 'Malformed Authorization header; expected "Bearer <token>".' },
    });
    expect(reached).toHaveLength(0);
    expect(await call(handler, { headers: bearer(memberToken) })).toEqual({
      status: 200,
      body: { user: member.email, via: "pat" },
    });
    sessionUser = member;
    expect((await call(handler)).body).toEqual({ user: member.email, via: "session" });
    // A token decides alone: a bad one is refused even beside a valid session.
    expect((await call(handler, { headers: bearer("sb_pat_nope") })).status).toBe(401);
  });

  it("opens the database once, and not at all for a caller it refuses without a session or token", async () => {
    let opened = 0;
    const counting = routeWith({
      database: async () => (opened++, handle()),
      session: async (database) => (sessionUser ? (await database(), sessionUser) : undefined),
    });
    const handler = counting({ auth: "user" }, async (_req, ctx) => Response.json({ same: ctx.handle === handle() }));
    sessionUser = undefined;
    expect((await handler(new Request("http://localhost/api/x"))).status).toBe(401);
    expect(opened).toBe(0);
    sessionUser = member;
    expect(await (await handler(new Request("http://localhost/api/x"))).json()).toEqual({ same: true });
    expect(opened).toBe(1);
  });

  it("admin routes: 403 for a member (by token or session), the admin otherwise", async () => {
    const { handler, reached } = probe({ auth: "admin" });
    sessionUser = member;
    expect(await call(handler)).toEqual({
      status: 403,
      body: { error: { code: "forbidden", message: "Only admins can do this." } },
    });
    expect((await call(handler, { headers: bearer(memberToken) })).status).toBe(403);
    expect(reached).toHaveLength(0);
    expect((await call(handler, { headers: bearer(adminToken) })).body).toEqual({ user: admin.email, via: "pat" });
    sessionUser = undefined;
    expect((await call(handler)).status).toBe(401);
  });

  it("cookie writes must come from this origin; token writes and reads need not", async () => {
    const { handler, reached } = probe({ auth: "user" });
    sessionUser = member;
    const crossSite: Array<Record<string, string>> = [
      { origin: "http://evil.example" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of crossSite) {
      expect(await call(handler, { method: "POST", headers })).toEqual({
        status: 403,
        body: { error: { code: "forbidden", message: "Cross-site request refused." } },
      });
    }
    expect(reached).toHaveLength(0);
    expect((await call(handler, { method: "POST", headers: sameOrigin() })).status).toBe(200);
    expect((await call(handler, { method: "DELETE", headers: { "sec-fetch-site": "same-origin" } })).status).toBe(200);
    expect((await call(handler, { headers: { origin: "http://evil.example" } })).status).toBe(200);
    sessionUser = undefined;
    const tokenWrite = await call(handler, {
      method: "POST",
      headers: { ...bearer(memberToken), origin: "http://evil.example" },
    });
    expect(tokenWrite.body).toEqual({ user: member.email, via: "pat" });
  });

  it("session routes (browser pages) read the session cookie only, never a token", async () => {
    const { handler } = probe({ auth: "session" });
    sessionUser = undefined;
    expect((await call(handler, { headers: bearer(adminToken) })).status).toBe(401);
    sessionUser = admin;
    expect((await call(handler, { headers: bearer(memberToken) })).body).toEqual({ user: admin.email, via: "session" });
    expect((await call(handler, { method: "POST", headers: { origin: "http://evil.example" } })).status).toBe(403);
  });

  it("public routes have no caller; sameOrigin still refuses cross-site writes", async () => {
    sessionUser = admin;
    const open = probe({ auth: "public", why: "a test" });
    expect(await call(open.handler, { method: "POST", headers: { origin: "http://evil.example" } })).toEqual({
      status: 200,
      body: { user: null, via: null },
    });
    const guarded = probe({ auth: "public", why: "a test", sameOrigin: true });
    expect((await call(guarded.handler, { method: "POST", headers: { origin: "http://evil.example" } })).status).toBe(
      403,
    );
    expect((await call(guarded.handler, { method: "POST", headers: sameOrigin() })).status).toBe(200);
    expect((await call(guarded.handler, { headers: { origin: "http://evil.example" } })).status).toBe(200);
    expect(guarded.reached).toHaveLength(2);
  });

  it("an id segment is checked after the access check: 404 naming the thing, else the id lower-cased", async () => {
    const { handler, reached } = probe({ auth: "user", id: "Token" });
    sessionUser = undefined;
    expect((await call(handler, { id: "../../etc" })).status).toBe(401);
    sessionUser = member;
    expect(await call(handler, { id: "../../etc" })).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: "Token not found." } },
    });
    expect(reached).toHaveLength(0);
    expect((await call(handler, { id: "AAAAAAAA-0000-4000-8000-000000000000" })).body).toMatchObject({
      id: "aaaaaaaa-0000-4000-8000-000000000000",
    });
  });

  it("a declared failure answer replaces the JSON error body, and learns the id when it is well-formed", async () => {
    const seen: Array<{ code: unknown; id?: string }> = [];
    const handler = route(
      {
        auth: "session",
        id: "Server",
        failure: (err, at) => {
          seen.push({ code: err instanceof AppError ? err.code : "unexpected", id: at.id });
          return new Response("page", { status: err instanceof AppError ? err.status : 500 });
        },
      },
      async () => {
        throw new Error("boom");
      },
    );
    const id = "BBBBBBBB-0000-4000-8000-000000000000";
    sessionUser = undefined;
    expect((await handler(new Request("http://localhost/"), { params: Promise.resolve({ id }) })).status).toBe(401);
    sessionUser = member;
    expect((await handler(new Request("http://localhost/"), { params: Promise.resolve({ id: "x" }) })).status).toBe(
      404,
    );
    expect((await handler(new Request("http://localhost/"), { params: Promise.resolve({ id }) })).status).toBe(500);
    expect(seen).toEqual([
      { code: "unauthorized", id: id.toLowerCase() },
      { code: "not_found", id: undefined },
      { code: "unexpected", id: id.toLowerCase() },
    ]);
  });

  it("route() turns anything a handler throws into that body", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const h = route({ auth: "public", why: "a test" }, async () => {
      throw new TypeError("secret-ish detail");
    });
    const res = await h(new Request("http://localhost/"), undefined);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("secret-ish detail");
    logged.mockRestore();
    expect(
      (
        await route({ auth: "public", why: "a test" }, async () => Promise.reject(new AppError("conflict", "No.")))(
          new Request("http://localhost/"),
          undefined,
        )
      ).status,
    ).toBe(409);
  });
});
