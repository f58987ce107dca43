import { route } from "@/lib/http/route";
import { connectableServer, popupFailure } from "@/lib/connections/popup-routes";
import { popupPage } from "@/lib/connections/popup-page";
import { serializeCookie } from "@/lib/http/cookies";
import { beginConnect, ConnectError } from "@/lib/upstream/oauth-connect";

/** Opened in the Connect popup by a signed-in user: sets the state/verifier cookies and redirects to the authorization server. */
export const GET = route(
  { auth: "session", id: "Server", failure: popupFailure },
  async (_req, { handle, principal: { user }, id }) => {
    const server = await connectableServer(handle.db, user, id);
    if (server instanceof Response) return server;
    try {
      const { redirectTo, cookies } = await beginConnect(server, user);
      const headers = new Headers({ location: redirectTo, "cache-control": "no-store" });
      for (const c of cookies) headers.append("set-cookie", serializeCookie(c));
      return new Response(null, { status: 302, headers });
    } catch (err) {
      if (err instanceof ConnectError)
        return popupPage({ status: err.status, title: "Cannot connect", message: err.message });
      throw err;
    }
  },
);
