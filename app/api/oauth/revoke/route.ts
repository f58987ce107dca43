// RFC 7009 revocation: the client authenticates itself; the answer is 200 whether or not the token was known.
import { route } from "@/lib/http/route";
import { handleRevocationRequest } from "@/lib/oauth-server/revocation";
import { corsPreflight, oauthErrorResponse, oauthJson } from "@/lib/oauth-server/oauth-errors";

export const dynamic = "force-dynamic";

export const POST = route(
  { auth: "public", why: "RFC 7009: the client authenticates itself in the request", failure: oauthErrorResponse },
  async (req, { handle }) => {
    await handleRevocationRequest(handle, req);
    return oauthJson({});
  },
);
export const OPTIONS = corsPreflight;
