import { route } from "@/lib/http/route";
import { identityJwks } from "@/lib/upstream/identity-jwt";

export const GET = route(
  { auth: "public", why: "the keys upstream servers use to verify the X-Switchboard-Identity token" },
  async (_req, { handle }) => {
    return Response.json(await identityJwks(handle), { headers: { "cache-control": "public, max-age=300" } });
  },
);
