import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/lib/db/schema";
import { auditQueryInput, toAuditFilter, toAuditPageDto } from "@/lib/audit/dto";

describe("the audit API's query and page", () => {
  it("maps query parameters to a filter: ids, dates, the cursor and a default page size", () => {
    const server = "0b9c6a9e-1f0e-4f7a-9d55-3c1e2b4a5d6f";
    const q = auditQueryInput.parse({
      server,
      tool: " search ",
      outcome: "denied",
      from: "2026-01-02T03:04:05Z",
      cursor: "42",
    });
    expect(toAuditFilter(q)).toEqual({
      actorId: undefined,
      kind: undefined,
      serverId: server,
      tool: "search",
      outcome: "denied",
      from: new Date("2026-01-02T03:04:05Z"),
      to: undefined,
      before: 42,
      limit: 50,
    });
  });

  it("refuses unknown parameters and bad values, naming each", () => {
    const bad = auditQueryInput.safeParse({ actor: "me", outcome: "maybe", from: "yesterday", limit: "500", x: "1" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join(".") || "_").sort()).toEqual([
      "_",
      "actor",
      "from",
      "limit",
      "outcome",
    ]);
  });

  it("serves events with ISO dates and the cursor as a string (null on the last page)", () => {
    const event = {
      id: 7,
      createdAt: new Date("2026-03-04T05:06:07.000Z"),
      kind: "token.created",
      actorId: null,
      actorLabel: "a@b.test",
      via: "session",
      targetType: "personal_access_token",
      targetId: "t",
      serverId: null,
      tool: null,
      outcome: "ok",
      durationMs: null,
      ip: null,
      details: { name: "ci" },
    } satisfies AuditEvent;
    expect(toAuditPageDto({ events: [event], nextCursor: 7 })).toEqual({
      events: [{ ...event, createdAt: "2026-03-04T05:06:07.000Z" }],
      nextCursor: "7",
    });
    expect(toAuditPageDto({ events: [], nextCursor: null }).nextCursor).toBeNull();
  });
});
