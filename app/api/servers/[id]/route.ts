import { route, noContent } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { serverFieldsSchema } from "@/lib/server-input/schemas";
import { deleteServer, getVisibleServer, updateServer } from "@/lib/registry/servers";
import { serverView } from "@/lib/registry/views";

export const GET = route({ auth: "user", id: "Server" }, async (_req, { handle, principal: { user }, id }) => {
  return Response.json(await serverView(handle, user, await getVisibleServer(handle.db, user, id)));
});

export const PATCH = route({ auth: "admin", id: "Server" }, async (req, { handle, principal, id }) => {
  const input = await readJson(req, serverFieldsSchema);
  const server = await updateServer(handle, principal, id, input);
  return Response.json(await serverView(handle, principal.user, server));
});

export const DELETE = route({ auth: "admin", id: "Server" }, async (_req, { handle, principal, id }) => {
  await deleteServer(handle, principal, id);
  return noContent();
});
