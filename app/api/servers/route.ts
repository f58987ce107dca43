import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { serverFieldsSchema } from "@/lib/server-input/schemas";
import { createServer } from "@/lib/registry/servers";
import { listVisibleServers, serverView } from "@/lib/registry/views";

/** Admins: every server; members: enabled servers, redacted. */
export const GET = route({ auth: "user" }, async (_req, { handle, principal }) => {
  return Response.json({ servers: await listVisibleServers(handle, principal.user) });
});

export const POST = route({ auth: "admin" }, async (req, { handle, principal }) => {
  const input = await readJson(req, serverFieldsSchema);
  const server = await createServer(handle, principal, input);
  return Response.json(await serverView(handle, principal.user, server), { status: 201 });
});
