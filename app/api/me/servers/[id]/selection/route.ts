import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { selectionInput } from "@/lib/server-input/schemas";
import { getVisibleServer } from "@/lib/registry/servers";
import { setUserSelection } from "@/lib/connections/selections";
import { serverView } from "@/lib/registry/views";

/** The caller opts out of a default_on server or into a default_off one (400 for force_on). */
export const PUT = route({ auth: "user", id: "Server" }, async (req, { handle, principal: { user }, id }) => {
  const { selected } = await readJson(req, selectionInput);
  const server = await getVisibleServer(handle.db, user, id);
  await setUserSelection(handle.db, user, server, selected);
  return Response.json(await serverView(handle, user, server));
});
