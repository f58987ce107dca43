// Writes audit events. Recording never fails the action it describes: a failed write is logged instead.
import "server-only";
import { getDbHandle } from "@/lib/db/client";
import { insertAuditEvent, type NewAuditEvent } from "@/lib/db/queries/audit-events";
import { log, describeError } from "@/lib/log";
import type { Queryable } from "@/lib/db/connect";

export type AuditInput = Omit<NewAuditEvent, "id" | "createdAt">;

export async function recordAudit(event: AuditInput, db?: Queryable): Promise<void> {
  try {
    await insertAuditEvent(db ?? (await getDbHandle()).db, event);
  } catch (err) {
    log.error("audit write failed", { kind: event.kind, error: describeError(err) });
  }
}

/**
 * The client address as the nearest proxy reported it: the LAST X-Forwarded-For entry, which that proxy appended.
 * Earlier entries are whatever the client sent, so they would let anyone pick the address the audit log records and
 * the registration rate limit counts. (Without a proxy, `next start` fills the header from the socket.)
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) {
    const hops = forwarded
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean);
    return hops.at(-1) ?? null;
  }
  return headers.get("x-real-ip");
}
