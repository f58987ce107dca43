import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { discoverInput } from "@/lib/server-input/schemas";
import { rediscoverServer } from "@/lib/registry/servers";
import { serverView } from "@/lib/registry/views";

/** Redoes OAuth discovery and client registration; an empty body keeps the configured scopes. */
export const POST = route({ auth: "admin", id: "Server" }, async (req, { handle, principal, id }) => {
  const input = req.headers.has("content-type") ? await readJson(req, discoverInput) : {};
  const server = await rediscoverServer(handle, principal, id, input.oauth2Scopes);
  return Response.json(await serverView(handle, principal.user, server));
});
