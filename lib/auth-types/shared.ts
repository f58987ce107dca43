// The two ways an auth type's credential reaches the rest of Switchboard, and wording several types share.
import type { DbHandle } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import type { AuthPlan, CredentialReading, CredentialSource, UpstreamCredentials } from "@/lib/auth-types/types";

/** For types with no settings of their own. */
export const noSettings = { inputFields: [], clearedColumns: {}, plan: (): AuthPlan => emptyPlan() } as const;

export function emptyPlan(): AuthPlan {
  return { values: {}, changed: [], errors: {} };
}

/**
 * A credential from the server's own settings: the same for every user, so there is nothing to connect. The
 * connection state does not open the secrets (listing servers must not depend on them).
 */
export function sharedCredential(
  headersOf: (server: McpServer) => Record<string, string> | undefined,
): CredentialSource {
  return {
    async credentials(_handle, _user, server) {
      const headers = headersOf(server);
      return headers ? { ok: true, headers } : missingSettings(server);
    },
    async connection() {
      return { connectionState: "not_required", authConnected: true };
    },
  };
}

/** A credential each user holds: one reading yields both the headers and the connection state. */
export function userCredential(
  read: (handle: DbHandle, user: Pick<User, "id">, server: McpServer) => Promise<CredentialReading>,
): CredentialSource {
  return {
    async credentials(handle, user, server) {
      return (await read(handle, user, server)).credentials;
    },
    async connection(handle, user, server) {
      const { credentials, connectionState } = await read(handle, user, server);
      return { connectionState, authConnected: credentials.ok };
    },
  };
}

export function missingSettings(server: Pick<McpServer, "displayName">): UpstreamCredentials {
  return {
    ok: false,
    state: "unavailable",
    message: `${server.displayName} is missing its credentials; an admin must complete its configuration.`,
  };
}

/** A 401 to credentials from the server's settings: only an admin can fix those. */
export function settingsRejected(server: Pick<McpServer, "displayName">): string {
  return `${server.displayName} rejected the credentials Switchboard sent (HTTP 401). An admin needs to check this server's settings in Switchboard.`;
}
