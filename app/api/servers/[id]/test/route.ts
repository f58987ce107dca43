import { route } from "@/lib/http/route";
import { testServer } from "@/lib/registry/servers";

/** Connects with the calling admin's own credentials and previews the tools clients would get. Always 200. */
export const POST = route({ auth: "admin", id: "Server" }, async (_req, { handle, principal, id }) => {
  return Response.json(await testServer(handle, principal, id), { headers: { "cache-control": "no-store" } });
});
