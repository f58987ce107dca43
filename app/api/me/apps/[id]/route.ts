import { route, noContent } from "@/lib/http/route";
import { clientIp } from "@/lib/audit/record";
import { revokeAuthorizedApp } from "@/lib/oauth-server/authorized-apps";

export const DELETE = route({ auth: "user", id: "Authorized app" }, async (req, { handle, principal, id }) => {
  await revokeAuthorizedApp(handle, principal, id, clientIp(req.headers));
  return noContent();
});
