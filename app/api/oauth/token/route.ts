// The token endpoint (authorization_code with PKCE, refresh_token with rotation); clients authenticate themselves.
import { getDbHandle } from "@/lib/db/client";
import { handleTokenRequest } from "@/lib/oauth-server/token-endpoint";
import { corsPreflight, oauthJson, oauthRoute } from "@/lib/oauth-server/oauth-errors";

export const dynamic = "force-dynamic";

export const POST = oauthRoute(async (req) => oauthJson(await handleTokenRequest(await getDbHandle(), req)));
export const OPTIONS = corsPreflight;
