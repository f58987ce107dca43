import { route } from "@/lib/http/route";
import { getDbHandle } from "@/lib/db/client";
import { identityJwks } from "@/lib/upstream/identity-jwt";

/** Public by design: the keys upstream servers use to verify the X-Switchboard-Identity token. */
export const GET = route(async () => {
  return Response.json(await identityJwks(await getDbHandle()), {
    headers: { "cache-control": "public, max-age=300" },
  });
});
