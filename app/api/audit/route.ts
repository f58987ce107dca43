import { route } from "@/lib/http/route";
import { readQuery } from "@/lib/http/body";
import { listAuditEvents } from "@/lib/db/queries/audit-events";
import { auditQueryInput, toAuditFilter, toAuditPageDto } from "@/lib/audit/dto";

export const GET = route({ auth: "admin" }, async (req, { handle }) => {
  const filter = toAuditFilter(readQuery(req, auditQueryInput));
  return Response.json(toAuditPageDto(await listAuditEvents(handle.db, filter)));
});
