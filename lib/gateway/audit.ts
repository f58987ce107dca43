// Audit of every tools/call through the gateway: who (user, OAuth client or token), which server and tool, the
// stated intent, how long it took and how it ended. Written behind the response, batched under load.
import "server-only";
import { auditActor } from "@/lib/auth/principal";
import type { Queryable } from "@/lib/db/connect";
import { insertAuditEvents, type NewAuditEvent } from "@/lib/db/queries/audit-events";
import type { AuditOutcome } from "@/lib/db/schema";
import { log, describeError } from "@/lib/log";
import type { GatewayRequest } from "@/lib/gateway/context";

export const TOOL_CALLED = "tool.called";
const MAX_BATCH = 200;
/** Beyond this many unwritten events (database down), new ones are logged and dropped rather than held in memory. */
const MAX_PENDING = 10_000;

export interface ToolCallAudit {
  serverId: string | null;
  /** The name the client called (the exposed name). */
  tool: string;
  outcome: Extract<AuditOutcome, "ok" | "tool_error" | "upstream_error" | "denied">;
  durationMs: number;
  intent?: string | null;
  details?: Record<string, unknown>;
}

/**
 * One writer per database: the first event is inserted at once; events arriving while an insert is in flight are
 * written together by the next one. The response never waits for the audit row.
 */
class AuditWriter {
  private pending: NewAuditEvent[] = [];
  private draining: Promise<void> | null = null;

  constructor(private readonly db: Queryable) {}

  push(event: NewAuditEvent): void {
    if (this.pending.length >= MAX_PENDING) {
      log.error("audit backlog full; dropping a tool-call audit event", { tool: event.tool, actorId: event.actorId });
      return;
    }
    this.pending.push(event);
    this.draining ??= this.drain();
  }

  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, MAX_BATCH);
        try {
          await insertAuditEvents(this.db, batch);
        } catch (err) {
          log.error("audit write failed", { kind: TOOL_CALLED, events: batch.length, error: describeError(err) });
        }
      }
    } finally {
      this.draining = null;
    }
  }
}

const writers = new WeakMap<object, AuditWriter>();

function writerFor(db: Queryable): AuditWriter {
  let w = writers.get(db);
  if (!w) {
    w = new AuditWriter(db);
    writers.set(db, w);
  }
  return w;
}

export function auditToolCall(rq: GatewayRequest, a: ToolCallAudit): void {
  writerFor(rq.handle.db).push({
    kind: TOOL_CALLED,
    ...auditActor(rq.principal),
    targetType: a.serverId ? "mcp_server" : null,
    targetId: a.serverId,
    serverId: a.serverId,
    tool: a.tool.slice(0, 200),
    outcome: a.outcome,
    durationMs: Math.max(0, Math.round(a.durationMs)),
    ip: rq.ip,
    details: {
      ...(a.intent ? { intent: a.intent } : {}),
      ...(rq.mode.planMode ? { planMode: true } : {}),
      ...a.details,
    },
  });
}

/** Waits until every tool-call audit queued for this database is written (tests, shutdown). */
export async function flushToolCallAudits(db: Queryable): Promise<void> {
  await writers.get(db)?.flush();
}
