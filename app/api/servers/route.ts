import { route, readJson } from "@/lib/http/route";
import { authenticate, requireAdmin } from "@/lib/auth/request";
import { getDbHandle } from "@/lib/db/client";
import { serverFieldsSchema } from "@/lib/registry/schemas";
import { createServer } from "@/lib/registry/servers";
import { listVisibleServers, serverView } from "@/lib/registry/views";

/** Admins: every server; members: enabled servers, redacted. */
export const GET = route(async (req) => {
  const { user } = await authenticate(req);
  return Response.json({ servers: await listVisibleServers(await getDbHandle(), user) });
});

export const POST = route(async (req) => {
  const principal = await requireAdmin(req);
  const input = await readJson(req, serverFieldsSchema);
  const handle = await getDbHandle();
  const server = await createServer(handle, principal, input);
  return Response.json(await serverView(handle, principal.user, server), { status: 201 });
});
