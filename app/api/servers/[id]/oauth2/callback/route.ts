import { popupContext, popupGuard } from "@/lib/connections/popup-routes";
import { OAUTH_COMPLETE_MESSAGE, OAUTH_FAILED_MESSAGE, popupPage } from "@/lib/connections/popup-page";
import { parseCookies, serializeCookie } from "@/lib/http/cookies";
import { getDbHandle } from "@/lib/db/client";
import { clientIp } from "@/lib/audit/record";
import { appUrl } from "@/lib/env";
import { clearedConnectCookies, completeConnect, connectPath } from "@/lib/upstream/oauth-connect";

/** Where the authorization server sends the popup back: checks everything, stores the tokens, tells the opener. */
export const GET = (req: Request, ctx: { params: Promise<{ id: string }> }) =>
  popupGuard(async () => {
    const id = (await ctx.params).id;
    const found = await popupContext(id);
    const headers = new Headers();
    if (found instanceof Response) {
      for (const c of clearedConnectCookies(id)) found.headers.append("set-cookie", serializeCookie(c));
      return found;
    }
    const { user, server } = found;
    for (const c of clearedConnectCookies(server.id)) headers.append("set-cookie", serializeCookie(c));
    const outcome = await completeConnect(
      await getDbHandle(),
      { actorId: user.id, actorLabel: user.email, via: "session", ip: clientIp(req.headers) },
      user,
      server,
      new URL(req.url).searchParams,
      parseCookies(req.headers.get("cookie")),
    );
    if (outcome.ok) {
      return popupPage({
        status: 200,
        title: `Connected to ${server.displayName}`,
        message: "Your account is connected.",
        notify: { type: OAUTH_COMPLETE_MESSAGE, serverId: server.id },
        headers,
      });
    }
    return popupPage({
      status: outcome.status,
      title: `Could not connect ${server.displayName}`,
      message: outcome.message,
      retryUrl: appUrl(connectPath(server.id)),
      notify: { type: OAUTH_FAILED_MESSAGE, serverId: server.id, message: outcome.message },
      headers,
    });
  });
