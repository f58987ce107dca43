// Auth type "user_oidc": the access token of the identity provider the user signed in to Switchboard with.
import "server-only";
import type { McpServer } from "@/lib/db/schema";
import { getUsableOidcAccessToken, type OidcTokenResult } from "@/lib/auth/oidc-tokens";
import type { AuthTypeStrategy, CredentialReading } from "@/lib/auth-types/types";
import { AUTH_TYPE_DESCRIPTORS } from "@/lib/auth-types/descriptors";
import { noSettings, userCredential } from "@/lib/auth-types/shared";

/** What the user's identity-provider token means for calls and for the Connections page. */
export function readOidcToken(token: OidcTokenResult, server: Pick<McpServer, "displayName">): CredentialReading {
  switch (token.status) {
    case "ok":
      return {
        connectionState: "connected",
        credentials: { ok: true, headers: { Authorization: `Bearer ${token.accessToken}` } },
      };
    case "not_linked":
      return {
        connectionState: "not_connected",
        credentials: {
          ok: false,
          state: "needs_oidc_sign_in",
          message: `${server.displayName} uses your single sign-on identity: sign in to Switchboard through the identity provider (you signed in with a password).`,
        },
      };
    case "needs_sign_in":
      return {
        connectionState: "needs_reconnect",
        credentials: {
          ok: false,
          state: "needs_oidc_sign_in",
          message: `Your single sign-on session expired: sign in to Switchboard through the identity provider again to use ${server.displayName}.`,
        },
      };
    case "unavailable":
      return { connectionState: "connected", credentials: { ok: false, state: "unavailable", message: token.message } };
  }
}

export const userOidc: AuthTypeStrategy = {
  ...AUTH_TYPE_DESCRIPTORS.user_oidc,
  ...noSettings,
  ...userCredential(async (handle, user, server) =>
    readOidcToken(await getUsableOidcAccessToken(handle, user.id), server),
  ),
  unauthorizedMessage: ({ displayName: name }, panelUrl) =>
    `${name} rejected your identity-provider token (HTTP 401). Sign in to Switchboard again at ${panelUrl("/login")} and try again.`,
};
