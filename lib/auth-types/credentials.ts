// The ONE place that builds the headers sent upstream for (user, server) — never the caller's own Switchboard token.
import "server-only";
import type { DbHandle } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import { markNeedsReconnect as markUserTokenRejected } from "@/lib/upstream/user-tokens";
import { signIdentityToken } from "@/lib/upstream/identity-jwt";
import { headerSafe, IDENTITY_HEADERS } from "@/lib/upstream/identity-headers";
import { strategyFor } from "@/lib/auth-types";
import type { UpstreamCredentials } from "@/lib/auth-types/types";

export async function resolveUpstreamCredentials(
  handle: DbHandle,
  user: User,
  server: McpServer,
): Promise<UpstreamCredentials> {
  const auth = await strategyFor(server).credentials(handle, user, server);
  if (!auth.ok || !server.forwardIdentityHeaders) return auth;
  return {
    ok: true,
    headers: {
      ...auth.headers,
      [IDENTITY_HEADERS.userId]: user.id,
      [IDENTITY_HEADERS.email]: headerSafe(user.email),
      [IDENTITY_HEADERS.name]: headerSafe(user.name),
      [IDENTITY_HEADERS.token]: await signIdentityToken(handle, user, server.url),
    },
  };
}

/**
 * The upstream answered 401 with this user's token: the connection needs a reconnect (types with a connected account
 * only; the others hold no per-user token). Pass the rejected access token to avoid undoing a refresh that happened
 * meanwhile.
 */
export async function markNeedsReconnect(
  handle: DbHandle,
  userId: string,
  serverId: string,
  rejectedAccessToken?: string,
): Promise<void> {
  await markUserTokenRejected(handle, userId, serverId, rejectedAccessToken);
}
