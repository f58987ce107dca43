// The audit log as the API serves it: the filter query (/api/audit's parameters → a query filter) and the event DTO.
import { z } from "zod";
import type { AuditFilter } from "@/lib/db/queries/audit-events";
import { auditOutcomes, type AuditEvent, type AuditOutcome } from "@/lib/db/schema";

const uuid = z.uuid("Must be an id.");
const dateTime = z.iso.datetime({ offset: true, message: "Use an ISO 8601 date-time." });

export const auditQueryInput = z
  .object({
    actor: uuid.optional(),
    kind: z.string().trim().min(1).max(100).optional(),
    server: uuid.optional(),
    tool: z.string().trim().min(1).max(200, "At most 200 characters.").optional(),
    outcome: z.enum(auditOutcomes).optional(),
    from: dateTime.optional(),
    to: dateTime.optional(),
    cursor: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** The filters a reader sets, as query parameters (the cursor and page size are the pager's). */
export type AuditFilters = { [K in Exclude<keyof z.input<typeof auditQueryInput>, "cursor" | "limit">]?: string };

export function toAuditFilter(q: z.output<typeof auditQueryInput>): AuditFilter {
  return {
    actorId: q.actor,
    kind: q.kind,
    serverId: q.server,
    tool: q.tool,
    outcome: q.outcome,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    before: q.cursor,
    limit: q.limit,
  };
}

export interface AuditEventDto {
  id: number;
  createdAt: string;
  kind: string;
  actorId: string | null;
  actorLabel: string | null;
  via: string | null;
  targetType: string | null;
  targetId: string | null;
  serverId: string | null;
  tool: string | null;
  outcome: AuditOutcome;
  durationMs: number | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AuditPageDto {
  events: AuditEventDto[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export function toAuditEventDto(e: AuditEvent): AuditEventDto {
  return {
    id: e.id,
    createdAt: e.createdAt.toISOString(),
    kind: e.kind,
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    via: e.via,
    targetType: e.targetType,
    targetId: e.targetId,
    serverId: e.serverId,
    tool: e.tool,
    outcome: e.outcome,
    durationMs: e.durationMs,
    ip: e.ip,
    details: e.details,
  };
}

export function toAuditPageDto(page: { events: AuditEvent[]; nextCursor: number | null }): AuditPageDto {
  return {
    events: page.events.map(toAuditEventDto),
    nextCursor: page.nextCursor === null ? null : String(page.nextCursor),
  };
}
