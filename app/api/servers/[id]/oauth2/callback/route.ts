import { route } from "@/lib/http/route";
import { connectableServer, popupFailure } from "@/lib/connections/popup-routes";
import { OAUTH_COMPLETE_MESSAGE, OAUTH_FAILED_MESSAGE, popupPage } from "@/lib/connections/popup-page";
import { parseCookies, serializeCookie } from "@/lib/http/cookies";
import { clientIp } from "@/lib/audit/record";
import { appUrl } from "@/lib/env";
import { clearedConnectCookies, completeConnect, connectPath } from "@/lib/upstream/oauth-connect";

/** Every answer, a failure's too, expires the state and verifier cookies: each sign-in gets one callback. */
function clearingCookies(res: Response, serverId: string | undefined): Response {
  for (const c of serverId ? clearedConnectCookies(serverId) : []) res.headers.append("set-cookie", serializeCookie(c));
  return res;
}

/** Where the authorization server sends the popup back: checks everything, stores the tokens, tells the opener. */
export const GET = route(
  { auth: "session", id: "Server", failure: (err, { id }) => clearingCookies(popupFailure(err), id) },
  async (req, { handle, principal: { user }, id }) => {
    const server = await connectableServer(handle.db, user, id);
    if (server instanceof Response) return clearingCookies(server, id);
    const outcome = await completeConnect(
      handle,
      { actorId: user.id, actorLabel: user.email, via: "session", ip: clientIp(req.headers) },
      user,
      server,
      new URL(req.url).searchParams,
      parseCookies(req.headers.get("cookie")),
    );
    const res = outcome.ok
      ? popupPage({
          status: 200,
          title: `Connected to ${server.displayName}`,
          message: "Your account is connected.",
          notify: { type: OAUTH_COMPLETE_MESSAGE, serverId: server.id },
        })
      : popupPage({
          status: outcome.status,
          title: `Could not connect ${server.displayName}`,
          message: outcome.message,
          retryUrl: appUrl(connectPath(server.id)),
          notify: { type: OAUTH_FAILED_MESSAGE, serverId: server.id, message: outcome.message },
        });
    return clearingCookies(res, server.id);
  },
);
