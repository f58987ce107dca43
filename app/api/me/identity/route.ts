import { route } from "@/lib/http/route";
import { describeOidcLink } from "@/lib/auth/oidc-tokens";
import { oidcEnabled } from "@/lib/env";

/** The caller's identity-provider link: whether a usable token is held (refreshing it if due), never the token. */
export const GET = route({ auth: "user" }, async (_req, { handle, principal }) => {
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
  return Response.json({ configured: true, ...(await describeOidcLink(handle, principal.user.id)) });
});
