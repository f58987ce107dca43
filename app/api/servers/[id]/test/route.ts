import { route, readId } from "@/lib/http/route";
import { requireAdmin } from "@/lib/auth/request";
import { getDbHandle } from "@/lib/db/client";
import { getVisibleServer } from "@/lib/registry/servers";
import { testServerConnection } from "@/lib/registry/connection-test";
import { recordAudit } from "@/lib/audit/record";
import { auditActor } from "@/lib/auth/principal";

/** Connects with the calling admin's own credentials and previews the tools clients would get. Always 200. */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const principal = await requireAdmin(req);
  const id = readId((await ctx.params).id, "Server");
  const handle = await getDbHandle();
  const server = await getVisibleServer(handle.db, principal.user, id);
  const result = await testServerConnection(handle, principal.user, server);
  await recordAudit(
    {
      kind: "server.tested",
      ...auditActor(principal),
      targetType: "mcp_server",
      targetId: id,
      serverId: id,
      outcome: result.ok ? "ok" : "failure",
      durationMs: result.latencyMs,
      details: result.ok ? { tools: result.tools.length } : { kind: result.kind },
    },
    handle.db,
  );
  return Response.json(result, { headers: { "cache-control": "no-store" } });
});
