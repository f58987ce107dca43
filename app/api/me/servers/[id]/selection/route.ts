import { route, readId, readJson } from "@/lib/http/route";
import { authenticate } from "@/lib/auth/request";
import { getDbHandle } from "@/lib/db/client";
import { selectionInput } from "@/lib/registry/schemas";
import { getVisibleServer } from "@/lib/registry/servers";
import { setUserSelection } from "@/lib/connections/selections";
import { serverView } from "@/lib/registry/views";

/** The caller opts out of a default_on server or into a default_off one (400 for force_on). */
export const PUT = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const { user } = await authenticate(req);
  const id = readId((await ctx.params).id, "Server");
  const { selected } = await readJson(req, selectionInput);
  const handle = await getDbHandle();
  const server = await getVisibleServer(handle.db, user, id);
  await setUserSelection(handle.db, user, server, selected);
  return Response.json(await serverView(handle, user, server));
});
