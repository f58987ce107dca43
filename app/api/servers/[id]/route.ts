import { route, readJson, readId, noContent } from "@/lib/http/route";
import { authenticate, requireAdmin } from "@/lib/auth/request";
import { getDbHandle } from "@/lib/db/client";
import { serverFieldsSchema } from "@/lib/registry/schemas";
import { deleteServer, getVisibleServer, updateServer } from "@/lib/registry/servers";
import { serverView } from "@/lib/registry/views";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req, ctx: Ctx) => {
  const { user } = await authenticate(req);
  const id = readId((await ctx.params).id, "Server");
  const handle = await getDbHandle();
  return Response.json(await serverView(handle, user, await getVisibleServer(handle.db, user, id)));
});

export const PATCH = route(async (req, ctx: Ctx) => {
  const principal = await requireAdmin(req);
  const id = readId((await ctx.params).id, "Server");
  const input = await readJson(req, serverFieldsSchema);
  const handle = await getDbHandle();
  const server = await updateServer(handle, principal, id, input);
  return Response.json(await serverView(handle, principal.user, server));
});

export const DELETE = route(async (req, ctx: Ctx) => {
  const principal = await requireAdmin(req);
  const id = readId((await ctx.params).id, "Server");
  await deleteServer(await getDbHandle(), principal, id);
  return noContent();
});
