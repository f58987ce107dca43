// The token endpoint (authorization_code with PKCE, refresh_token with rotation); clients authenticate themselves.
import { route } from "@/lib/http/route";
import { handleTokenRequest } from "@/lib/oauth-server/token-endpoint";
import { corsPreflight, oauthErrorResponse, oauthJson } from "@/lib/oauth-server/oauth-errors";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    auth: "public",
    why: "OAuth token endpoint: clients authenticate with codes, refresh tokens or client credentials",
    failure: oauthErrorResponse,
  },
  async (req, { handle }) => oauthJson(await handleTokenRequest(handle, req)),
);
export const OPTIONS = corsPreflight;
