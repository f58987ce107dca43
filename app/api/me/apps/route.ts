import { route } from "@/lib/http/route";
import { authenticate } from "@/lib/auth/request";
import { getDbHandle } from "@/lib/db/client";
import { listAuthorizedApps } from "@/lib/oauth-server/authorized-apps";

export const GET = route(async (req) => {
  const { user } = await authenticate(req);
  return Response.json(
    { apps: await listAuthorizedApps(await getDbHandle(), user.id) },
    { headers: { "cache-control": "no-store" } },
  );
});
