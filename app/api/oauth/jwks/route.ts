// JWKS: the public keys that sign access tokens (public).
import { route } from "@/lib/http/route";
import { publishedKeys } from "@/lib/oauth-server/signing-keys";
import { metadataResponse } from "@/lib/oauth-server/metadata";
import { oauthErrorResponse } from "@/lib/oauth-server/oauth-errors";

export const dynamic = "force-dynamic";

export const GET = route(
  { auth: "public", why: "public keys that verify Switchboard's access tokens", failure: oauthErrorResponse },
  async (req, { handle }) => metadataResponse(await publishedKeys(handle), req.method),
);
export const HEAD = GET;
export const OPTIONS = (req: Request) => metadataResponse(null, req.method);
