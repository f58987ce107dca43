import { z } from "zod";
import { route } from "@/lib/http/route";
import { readQuery } from "@/lib/http/body";
import { listAuditEvents } from "@/lib/db/queries/audit-events";
import { auditOutcomes, type AuditEvent } from "@/lib/db/schema";

const uuid = z.uuid("Must be an id.");
const query = z
  .object({
    actor: uuid.optional(),
    kind: z.string().trim().min(1).max(100).optional(),
    server: uuid.optional(),
    tool: z.string().trim().min(1).max(200, "At most 200 characters.").optional(),
    outcome: z.enum(auditOutcomes).optional(),
    from: z.iso.datetime({ offset: true, message: "Use an ISO 8601 date-time." }).optional(),
    to: z.iso.datetime({ offset: true, message: "Use an ISO 8601 date-time." }).optional(),
    cursor: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

function toDto(e: AuditEvent) {
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

export const GET = route({ auth: "admin" }, async (req, { handle }) => {
  const q = readQuery(req, query);
  const page = await listAuditEvents(handle.db, {
    actorId: q.actor,
    kind: q.kind,
    serverId: q.server,
    tool: q.tool,
    outcome: q.outcome,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    before: q.cursor,
    limit: q.limit,
  });
  return Response.json({
    events: page.events.map(toDto),
    nextCursor: page.nextCursor === null ? null : String(page.nextCursor),
  });
});
