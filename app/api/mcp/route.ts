// /api/mcp — INTERIM authentication (personal access tokens only) until the authorization-server branch provides
// the final auth layer (OAuth access tokens, resource metadata challenge, origin check); the gateway is final.
import { bearerToken } from "@/lib/auth/request";
import { verifyPersonalAccessToken } from "@/lib/auth/personal-access-tokens";
import { getDb } from "@/lib/db/client";
import { appGateway } from "@/lib/gateway/instance";
import { errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

async function serve(req: Request): Promise<Response> {
  try {
    const token = bearerToken(req.headers);
    const found = token ? await verifyPersonalAccessToken(await getDb(), token) : undefined;
    if (!found) {
      return Response.json(
        { error: { code: "unauthorized", message: "Send a valid access token: Authorization: Bearer <token>." } },
        { status: 401, headers: { "www-authenticate": token ? 'Bearer error="invalid_token"' : "Bearer" } },
      );
    }
    return await appGateway()(req, { user: found.user, via: { kind: "pat", tokenId: found.tokenId } });
  } catch (err) {
    return errorResponse(err);
  }
}

export const POST = serve;
export const GET = serve;
export const DELETE = serve;
