// Shared plumbing of the Connect popup's browser routes: the signed-in user, the server, and HTML answers instead of JSON.
import "server-only";
import { getSessionUser } from "@/lib/auth/request";
import { getDbHandle } from "@/lib/db/client";
import { getMcpServerById } from "@/lib/db/queries/mcp-servers";
import type { McpServer, User } from "@/lib/db/schema";
import { appUrl } from "@/lib/env";
import { isUuid } from "@/lib/ids";
import { popupPage } from "@/lib/connections/popup-page";
import { describeError, log } from "@/lib/log";

export type PopupContext = { user: User; server: McpServer };

/** The signed-in user and the oauth2 server they may connect (enabled, or any for admins), or the page to show instead. */
export async function popupContext(rawId: string): Promise<PopupContext | Response> {
  const user = await getSessionUser();
  if (!user) {
    return popupPage({
      status: 401,
      title: "Sign in first",
      message: "Sign in to Switchboard in this browser, then start the connection again.",
      retryUrl: appUrl("/login"),
    });
  }
  const server = isUuid(rawId) ? await getMcpServerById((await getDbHandle()).db, rawId.toLowerCase()) : undefined;
  if (!server || (!server.enabled && user.role !== "admin")) {
    return popupPage({
      status: 404,
      title: "Server not found",
      message: "This server does not exist or is not available to you.",
    });
  }
  if (server.authType !== "oauth2") {
    return popupPage({
      status: 400,
      title: "Nothing to connect",
      message: `${server.displayName} does not use OAuth, so there is no account to connect.`,
    });
  }
  return { user, server };
}

/** Unexpected failures become a generic page; details go to the log only. */
export async function popupGuard(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (err) {
    log.error("connect popup failed", { error: describeError(err) });
    return popupPage({
      status: 500,
      title: "Something went wrong",
      message: "The connection could not be completed. The server log has details.",
    });
  }
}
