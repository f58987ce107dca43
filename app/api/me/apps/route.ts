import { route } from "@/lib/http/route";
import { listAuthorizedApps } from "@/lib/oauth-server/authorized-apps";

export const GET = route({ auth: "user" }, async (_req, { handle, principal }) => {
  return Response.json(
    { apps: await listAuthorizedApps(handle, principal.user.id) },
    { headers: { "cache-control": "no-store" } },
  );
});
