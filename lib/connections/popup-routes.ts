// Shared plumbing of the Connect popup's browser routes: the server a user may connect, and HTML answers instead of JSON.
import "server-only";
import { getMcpServerById } from "@/lib/db/queries/mcp-servers";
import type { Queryable } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { popupPage } from "@/lib/connections/popup-page";
import { describeError, log } from "@/lib/log";

const serverNotFound = () =>
  popupPage({
    status: 404,
    title: "Server not found",
    message: "This server does not exist or is not available to you.",
  });

/** The oauth2 server the user may connect (enabled, or any for admins), or the page to show instead. */
export async function connectableServer(db: Queryable, user: User, id: string): Promise<McpServer | Response> {
  const server = await getMcpServerById(db, id);
  if (!server || (!server.enabled && user.role !== "admin")) return serverNotFound();
  if (server.authType !== "oauth2") {
    return popupPage({
      status: 400,
      title: "Nothing to connect",
      message: `${server.displayName} does not use OAuth, so there is no account to connect.`,
    });
  }
  return server;
}

/**
 * The popup routes' failure answer (route()'s `failure`): a page, never JSON. Signed out → sign in first; an id that
 * names nothing → not found; anything unexpected → a generic page, details in the log only.
 */
export function popupFailure(err: unknown): Response {
  if (err instanceof AppError && err.code === "unauthorized") {
    return popupPage({
      status: 401,
      title: "Sign in first",
      message: "Sign in to Switchboard in this browser, then start the connection again.",
      retryUrl: appUrl("/login"),
    });
  }
  if (err instanceof AppError && err.code === "not_found") return serverNotFound();
  log.error("connect popup failed", { error: describeError(err) });
  return popupPage({
    status: 500,
    title: "Something went wrong",
    message: "The connection could not be completed. The server log has details.",
  });
}
