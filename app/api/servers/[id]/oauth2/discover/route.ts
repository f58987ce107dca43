import { route, readId, readJson } from "@/lib/http/route";
import { requireAdmin } from "@/lib/auth/request";
import { getDbHandle } from "@/lib/db/client";
import { discoverInput } from "@/lib/registry/schemas";
import { rediscoverServer } from "@/lib/registry/servers";
import { serverView } from "@/lib/registry/views";

/** Redoes OAuth discovery and client registration; an empty body keeps the configured scopes. */
export const POST = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const principal = await requireAdmin(req);
  const id = readId((await ctx.params).id, "Server");
  const input = req.headers.has("content-type") ? await readJson(req, discoverInput) : {};
  const handle = await getDbHandle();
  const server = await rediscoverServer(handle, principal, id, input.oauth2Scopes);
  return Response.json(await serverView(handle, principal.user, server));
});
