// JWKS: the public keys that sign access tokens (public).
import { getDbHandle } from "@/lib/db/client";
import { publishedKeys } from "@/lib/oauth-server/signing-keys";
import { metadataResponse } from "@/lib/oauth-server/metadata";
import { oauthErrorResponse } from "@/lib/oauth-server/oauth-errors";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  try {
    return metadataResponse(await publishedKeys(await getDbHandle()), req.method);
  } catch (err) {
    return oauthErrorResponse(err);
  }
}
export const HEAD = GET;
export const OPTIONS = (req: Request) => metadataResponse(null, req.method);
