import { route, noContent } from "@/lib/http/route";
import { auditActor } from "@/lib/auth/principal";
import { clientIp } from "@/lib/audit/record";
import { getMcpServerById } from "@/lib/db/queries/mcp-servers";
import { notFound } from "@/lib/errors";
import { disconnect } from "@/lib/upstream/oauth-connect";

/** Removes the caller's own connection (idempotent; also for disabled servers) and revokes it at the AS, best effort. */
export const DELETE = route({ auth: "user", id: "Server" }, async (req, { handle, principal, id }) => {
  const server = await getMcpServerById(handle.db, id);
  if (!server) throw notFound("Server");
  await disconnect(handle, { ...auditActor(principal), ip: clientIp(req.headers) }, principal.user.id, server);
  return noContent();
});
