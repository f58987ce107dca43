import { route } from "@/lib/http/route";
import { authenticate } from "@/lib/auth/request";
import { getDbHandle } from "@/lib/db/client";
import { describeOidcLink } from "@/lib/auth/oidc-tokens";
import { oidcEnabled } from "@/lib/env";

/** The caller's identity-provider link: whether a usable token is held (refreshing it if due), never the token. */
export const GET = route(async (req) => {
  const { user } = await authenticate(req);
  if (!oidcEnabled()) {
    return Response.json({
      configured: false,
      linked: false,
      status: "not_linked",
      refreshed: false,
      hasRefreshToken: false,
      expiresAt: null,
    });
  }
  return Response.json({ configured: true, ...(await describeOidcLink(await getDbHandle(), user.id)) });
});
