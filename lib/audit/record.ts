// Writes audit events. Recording never fails the action it describes: a failed write is logged instead.
import "server-only";
import { getDb } from "@/lib/db/client";
import { insertAuditEvent, type NewAuditEvent } from "@/lib/db/queries/audit-events";
import { log, describeError } from "@/lib/log";
import type { Queryable } from "@/lib/db/connect";

export type AuditInput = Omit<NewAuditEvent, "id" | "createdAt">;

export async function recordAudit(event: AuditInput, db?: Queryable): Promise<void> {
  try {
    await insertAuditEvent(db ?? (await getDb()), event);
  } catch (err) {
    log.error("audit write failed", { kind: event.kind, error: describeError(err) });
  }
}

/** The client address as the nearest proxy reported it (informational only; never used for access decisions). */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) return forwarded.split(",")[0]!.trim() || null;
  return headers.get("x-real-ip");
}
