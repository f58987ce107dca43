// The token endpoint (POST /api/oauth/token): client authentication, grant dispatch, and the audit of every issue.
import "server-only";
import type { DbHandle } from "@/lib/db/connect";
import { recordAudit, clientIp } from "@/lib/audit/record";
import { authenticateClient } from "@/lib/oauth-server/clients";
import { exchangeAuthorizationCode } from "@/lib/oauth-server/authorization-codes";
import { refreshTokens } from "@/lib/oauth-server/refresh-tokens";
import { OAuthProtocolError, oauthError, readForm } from "@/lib/oauth-server/oauth-errors";
import type { TokenResponse } from "@/lib/oauth-server/grants";
import { pruneOAuthRowsNowAndThen } from "@/lib/oauth-server/housekeeping";

export async function handleTokenRequest(handle: DbHandle, req: Request, now = new Date()): Promise<TokenResponse> {
  const form = await readForm(req);
  const ip = clientIp(req.headers);
  const grantType = form.get("grant_type");
  if (!grantType) throw oauthError("invalid_request", "grant_type is required.");
  if (grantType !== "authorization_code" && grantType !== "refresh_token") {
    throw oauthError("unsupported_grant_type", "Supported grant types: authorization_code, refresh_token.");
  }
  const client = await authenticateClient(handle.db, req.headers, form);
  try {
    const issued =
      grantType === "authorization_code"
        ? { ...(await exchangeAuthorizationCode(handle, client, form, { ip }, now)), replayed: false }
        : await refreshTokens(handle, client, form, { ip }, now);
    await recordAudit(
      {
        kind: "oauth.token_issued",
        actorId: issued.user.id,
        actorLabel: issued.user.email,
        via: client.clientId,
        targetType: "oauth_grant",
        targetId: issued.grant.id,
        ip,
        details: {
          grantType,
          scope: issued.response.scope,
          refreshToken: Boolean(issued.response.refresh_token),
          replayed: issued.replayed,
        },
      },
      handle.db,
    );
    await pruneOAuthRowsNowAndThen(handle.db, now);
    return issued.response;
  } catch (err) {
    if (err instanceof OAuthProtocolError) {
      await recordAudit(
        {
          kind: "oauth.token_refused",
          via: client.clientId,
          targetType: "oauth_client",
          targetId: client.clientId,
          outcome: "denied",
          ip,
          details: { grantType, error: err.code, reason: err.description },
        },
        handle.db,
      );
    }
    throw err;
  }
}
