// Queries on the audit log: append, and read newest-first with filters and keyset pagination.
import { and, desc, eq, gte, lt, lte, type SQL } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { auditEvents, type AuditEvent, type AuditOutcome } from "@/lib/db/schema";

export type NewAuditEvent = typeof auditEvents.$inferInsert;

export async function insertAuditEvent(db: Queryable, event: NewAuditEvent): Promise<void> {
  await db.insert(auditEvents).values(event);
}

/** Several events in one statement (the gateway batches tool-call audits under load). */
export async function insertAuditEvents(db: Queryable, events: NewAuditEvent[]): Promise<void> {
  if (events.length) await db.insert(auditEvents).values(events);
}

export interface AuditFilter {
  actorId?: string;
  kind?: string;
  serverId?: string;
  tool?: string;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
  /** Return events older than this id (the previous page's nextCursor). */
  before?: number;
  limit: number;
}

export async function listAuditEvents(
  db: Queryable,
  f: AuditFilter,
): Promise<{ events: AuditEvent[]; nextCursor: number | null }> {
  const where: SQL[] = [];
  if (f.actorId) where.push(eq(auditEvents.actorId, f.actorId));
  if (f.kind) where.push(eq(auditEvents.kind, f.kind));
  if (f.serverId) where.push(eq(auditEvents.serverId, f.serverId));
  if (f.tool) where.push(eq(auditEvents.tool, f.tool));
  if (f.outcome) where.push(eq(auditEvents.outcome, f.outcome));
  if (f.from) where.push(gte(auditEvents.createdAt, f.from));
  if (f.to) where.push(lte(auditEvents.createdAt, f.to));
  if (f.before !== undefined) where.push(lt(auditEvents.id, f.before));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(f.limit + 1);
  const events = rows.slice(0, f.limit);
  return { events, nextCursor: rows.length > f.limit ? events[events.length - 1]!.id : null };
}
