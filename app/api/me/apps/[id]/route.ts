import { route, readId, noContent } from "@/lib/http/route";
import { authenticate } from "@/lib/auth/request";
import { getDbHandle } from "@/lib/db/client";
import { clientIp } from "@/lib/audit/record";
import { revokeAuthorizedApp } from "@/lib/oauth-server/authorized-apps";

export const DELETE = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const principal = await authenticate(req);
  const id = readId((await ctx.params).id, "Authorized app");
  await revokeAuthorizedApp(await getDbHandle(), principal, id, clientIp(req.headers));
  return noContent();
});
