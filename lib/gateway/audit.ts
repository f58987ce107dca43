// Audit of every tools/call through the gateway: who (user, OAuth client or token), which server and tool, the
// stated intent, how long it took and how it ended.
import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { auditActor } from "@/lib/auth/principal";
import type { AuditOutcome } from "@/lib/db/schema";
import type { GatewayRequest } from "@/lib/gateway/context";

export const TOOL_CALLED = "tool.called";

export interface ToolCallAudit {
  serverId: string | null;
  /** The name the client called (the exposed name). */
  tool: string;
  outcome: Extract<AuditOutcome, "ok" | "tool_error" | "upstream_error" | "denied">;
  durationMs: number;
  intent?: string | null;
  details?: Record<string, unknown>;
}

export async function auditToolCall(rq: GatewayRequest, a: ToolCallAudit): Promise<void> {
  await recordAudit(
    {
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
    },
    rq.handle.db,
  );
}
