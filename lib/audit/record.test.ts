import { beforeAll, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { auditEvents, type User } from "@/lib/db/schema";
import { insertUser } from "@/lib/db/queries/users";
import { listAuditEvents } from "@/lib/db/queries/audit-events";
import { clientIp, recordAudit } from "@/lib/audit/record";
import { describeEachDriver, uniqueEmail } from "@/lib/testing/databases";

describeEachDriver("audit log", ({ db }) => {
  let alice: User;
  let bob: User;
  const server = randomUUID();
  const otherServer = randomUUID();
  // A kind unique to this run, so filters see only the events this suite wrote.
  const tag = `test.${randomUUID().slice(0, 8)}`;
  const t0 = new Date(Date.UTC(2030, 0, 1, 12, 0, 0));
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

  beforeAll(async () => {
    alice = (await insertUser(db(), {
      email: uniqueEmail("alice"),
      name: "Alice",
      passwordHash: null,
      role: "admin",
    }))!;
    bob = (await insertUser(db(), { email: uniqueEmail("bob"), name: "Bob", passwordHash: null, role: "member" }))!;
    // Written oldest first; createdAt is set explicitly so time filters are exact.
    const rows = [
      { kind: `${tag}.a`, actorId: alice.id, actorLabel: alice.email, createdAt: at(0), outcome: "ok" as const },
      { kind: `${tag}.b`, actorId: bob.id, actorLabel: bob.email, createdAt: at(1), outcome: "failure" as const },
      {
        kind: `${tag}.a`,
        actorId: bob.id,
        actorLabel: bob.email,
        createdAt: at(2),
        serverId: server,
        tool: "search",
        outcome: "ok" as const,
      },
      {
        kind: `${tag}.a`,
        actorId: alice.id,
        actorLabel: alice.email,
        createdAt: at(3),
        serverId: server,
        tool: "fetch",
        outcome: "tool_error" as const,
        durationMs: 12,
      },
      {
        kind: `${tag}.b`,
        actorId: alice.id,
        actorLabel: alice.email,
        createdAt: at(4),
        serverId: otherServer,
        tool: "search",
        outcome: "denied" as const,
      },
    ];
    for (const r of rows) await db().insert(auditEvents).values(r);
  });

  const kinds = (events: { kind: string; createdAt: Date }[]) =>
    events.map((e) => `${e.kind.slice(tag.length + 1)}@${(e.createdAt.getTime() - t0.getTime()) / 60_000}`);

  it("recordAudit stores an event with every column, and defaults outcome to ok", async () => {
    const kind = `${tag}.recorded`;
    await recordAudit(
      {
        kind,
        actorId: alice.id,
        actorLabel: alice.email,
        via: "pat:123",
        targetType: "user",
        targetId: bob.id,
        ip: "10.0.0.1",
        details: { changed: ["role"] },
      },
      db(),
    );
    const [row] = await db().select().from(auditEvents).where(eq(auditEvents.kind, kind));
    expect(row).toMatchObject({
      actorId: alice.id,
      via: "pat:123",
      targetId: bob.id,
      outcome: "ok",
      ip: "10.0.0.1",
      details: { changed: ["role"] },
    });
    expect(Math.abs(row!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("recordAudit never throws: a failed write is logged and the caller carries on", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const kind = `${tag}.broken`;
    await expect(recordAudit({ kind, actorId: "not-a-uuid" }, db())).resolves.toBeUndefined();
    expect(errors).toHaveBeenCalledWith(expect.stringContaining(`audit write failed kind=${kind}`));
    errors.mockRestore();
    expect(await db().select().from(auditEvents).where(eq(auditEvents.kind, kind))).toEqual([]);
  });

  it("lists newest first", async () => {
    const page = await listAuditEvents(db(), { from: t0, to: at(4), limit: 50 });
    expect(kinds(page.events)).toEqual(["b@4", "a@3", "a@2", "b@1", "a@0"]);
    expect(page.nextCursor).toBeNull();
  });

  it("filters by actor, kind, server, tool and outcome, alone and combined", async () => {
    const f = { from: t0, to: at(4), limit: 50 };
    expect(kinds((await listAuditEvents(db(), { ...f, actorId: bob.id })).events)).toEqual(["a@2", "b@1"]);
    expect(kinds((await listAuditEvents(db(), { ...f, kind: `${tag}.b` })).events)).toEqual(["b@4", "b@1"]);
    expect(kinds((await listAuditEvents(db(), { ...f, serverId: server })).events)).toEqual(["a@3", "a@2"]);
    expect(kinds((await listAuditEvents(db(), { ...f, tool: "search" })).events)).toEqual(["b@4", "a@2"]);
    expect(kinds((await listAuditEvents(db(), { ...f, outcome: "tool_error" })).events)).toEqual(["a@3"]);
    expect(kinds((await listAuditEvents(db(), { ...f, actorId: alice.id, kind: `${tag}.a` })).events)).toEqual([
      "a@3",
      "a@0",
    ]);
    expect(
      kinds((await listAuditEvents(db(), { ...f, actorId: alice.id, tool: "search", serverId: server })).events),
    ).toEqual([]);
  });

  it("filters by time range, both ends inclusive", async () => {
    expect(kinds((await listAuditEvents(db(), { kind: `${tag}.a`, from: at(2), limit: 50 })).events)).toEqual([
      "a@3",
      "a@2",
    ]);
    expect(kinds((await listAuditEvents(db(), { from: at(1), to: at(3), limit: 50 })).events)).toEqual([
      "a@3",
      "a@2",
      "b@1",
    ]);
    expect(kinds((await listAuditEvents(db(), { from: at(1), to: at(1), limit: 50 })).events)).toEqual(["b@1"]);
  });

  it("paginates with a keyset cursor, with no gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: number | undefined;
    let pages = 0;
    do {
      const page = await listAuditEvents(db(), { from: t0, to: at(4), limit: 2, before: cursor });
      seen.push(...kinds(page.events));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(["b@4", "a@3", "a@2", "b@1", "a@0"]);
    // An event written after the first page was read does not shift later pages.
    const first = await listAuditEvents(db(), { kind: `${tag}.a`, limit: 1 });
    await db()
      .insert(auditEvents)
      .values({ kind: `${tag}.a`, createdAt: at(-10) });
    const second = await listAuditEvents(db(), { kind: `${tag}.a`, limit: 1, before: first.nextCursor! });
    expect(second.events[0]!.id).toBeLessThan(first.events[0]!.id);
    expect(kinds(second.events)).toEqual(["a@2"]);
  });

  it("keeps the actor's label when the user row is deleted", async () => {
    const gone = (await insertUser(db(), {
      email: uniqueEmail("gone"),
      name: "Gone",
      passwordHash: null,
      role: "member",
    }))!;
    const kind = `${tag}.deleted-actor`;
    await recordAudit({ kind, actorId: gone.id, actorLabel: gone.email }, db());
    const { users } = await import("@/lib/db/schema");
    await db().delete(users).where(eq(users.id, gone.id));
    const [row] = (await listAuditEvents(db(), { kind, limit: 5 })).events;
    expect(row).toMatchObject({ actorId: null, actorLabel: gone.email });
  });
});

describe("clientIp", () => {
  it("takes the address the nearest proxy appended (the last forwarded one), else X-Real-IP, else nothing", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.7, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientIp(new Headers())).toBeNull();
  });

  it("cannot be chosen by the client behind a proxy: whatever it puts first, the proxy's entry decides", () => {
    // A proxy appends the address it saw; entries before it are whatever the client sent. The registration rate limit
    // and the audit log key on this, so spoofed leading entries must not change it.
    const seen = ["1.1.1.1", "2.2.2.2, 3.3.3.3", "unknown"].map((spoofed) =>
      clientIp(new Headers({ "x-forwarded-for": `${spoofed}, 203.0.113.9` })),
    );
    expect(new Set(seen)).toEqual(new Set(["203.0.113.9"]));
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.9,  " }))).toBe("203.0.113.9");
  });
});
