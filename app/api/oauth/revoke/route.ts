// RFC 7009 revocation: the client authenticates itself; the answer is 200 whether or not the token was known.
import { getDbHandle } from "@/lib/db/client";
import { handleRevocationRequest } from "@/lib/oauth-server/revocation";
import { corsPreflight, oauthJson, oauthRoute } from "@/lib/oauth-server/oauth-errors";

export const dynamic = "force-dynamic";

export const POST = oauthRoute(async (req) => {
  await handleRevocationRequest(await getDbHandle(), req);
  return oauthJson({});
});
export const OPTIONS = corsPreflight;
