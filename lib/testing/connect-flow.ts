// Drives the real Connect flow in tests: begin, the test AS's pages without a browser, then the callback's parameters.
import type { DbHandle } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import { completeAuthorization } from "@/e2e/fixtures/upstreams/oauth-user-agent";
import { beginConnect, completeConnect, type CallbackOutcome } from "@/lib/upstream/oauth-connect";

export interface AuthorizedCallback {
  params: URLSearchParams;
  cookies: Record<string, string>;
}

/** Begins a connection and completes the AS's pages; returns what the callback would receive. */
export async function authorizeAtUpstream(
  server: McpServer,
  user: User,
  decision: "allow" | "deny" = "allow",
  login = "alice",
): Promise<AuthorizedCallback> {
  const begun = await beginConnect(server, user);
  const { callbackUrl } = await completeAuthorization(begun.redirectTo, { decision, login });
  return { params: callbackUrl.searchParams, cookies: Object.fromEntries(begun.cookies.map((c) => [c.name, c.value])) };
}

export function callback(
  handle: DbHandle,
  user: User,
  server: McpServer,
  cb: AuthorizedCallback,
): Promise<CallbackOutcome> {
  return completeConnect(
    handle,
    { actorId: user.id, actorLabel: user.email, via: "session" },
    user,
    server,
    cb.params,
    cb.cookies,
  );
}

export async function connectUser(handle: DbHandle, user: User, server: McpServer, login = "alice"): Promise<void> {
  const outcome = await callback(handle, user, server, await authorizeAtUpstream(server, user, "allow", login));
  if (!outcome.ok) throw new Error(`connect failed: ${outcome.reason} ${outcome.message}`);
}
