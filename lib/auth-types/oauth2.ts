// Auth type "oauth2": each user connects their own account at the upstream's authorization server (discovered or
// configured by hand); their tokens are stored per server and refreshed where they are used.
import "server-only";
import type { DbHandle } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import type { NewMcpServer } from "@/lib/db/queries/mcp-servers";
import { sealSecret } from "@/lib/crypto/instance-secrets";
import { appUrl } from "@/lib/env";
import { getUsableServerToken, type ServerTokenResult } from "@/lib/upstream/user-tokens";
import type { AuthPlan, AuthPlanContext, AuthTypeStrategy, CredentialReading } from "@/lib/auth-types/types";
import { AUTH_TYPE_DESCRIPTORS } from "@/lib/auth-types/descriptors";
import { emptyPlan, userCredential } from "@/lib/auth-types/shared";

const MANUAL_OAUTH_MESSAGE =
  "Enter the client ID, authorization URL and token URL together to configure OAuth manually, or leave all three empty to discover them automatically.";

const CLIENT_TRIO = ["oauth2ClientId", "oauth2AuthUrl", "oauth2TokenUrl"] as const;

function plan({ input, existing, base, typeChanged, changed: common }: AuthPlanContext): AuthPlan {
  const plan = emptyPlan();
  const { values, changed, errors } = plan;
  const pick = (k: (typeof CLIENT_TRIO)[number]) => (input[k] !== undefined ? input[k] : (base?.[k] ?? null));
  const present = CLIENT_TRIO.filter((k) => pick(k)).length;
  if (present !== 0 && present !== 3) {
    for (const k of CLIENT_TRIO) if (!pick(k)) errors[k] = MANUAL_OAUTH_MESSAGE;
  }
  const trioChanged = CLIENT_TRIO.filter((k) => input[k] !== undefined && input[k] !== (base?.[k] ?? null));
  for (const k of trioChanged) {
    values[k] = input[k] ?? null;
    changed.push(k);
  }
  if (input.oauth2Scopes !== undefined && input.oauth2Scopes !== (base?.oauth2Scopes ?? null)) {
    values.oauth2Scopes = input.oauth2Scopes;
    changed.push("oauth2Scopes");
  }
  if (
    input.skipIssuerMetadataValidation !== undefined &&
    input.skipIssuerMetadataValidation !== (base?.skipIssuerMetadataValidation ?? false)
  ) {
    values.skipIssuerMetadataValidation = input.skipIssuerMetadataValidation;
    changed.push("skipIssuerMetadataValidation");
  }
  if (input.oauth2ClientSecret !== undefined) {
    values.oauth2ClientSecretEncrypted = input.oauth2ClientSecret ? sealSecret(input.oauth2ClientSecret) : null;
    changed.push("oauth2ClientSecret");
  }
  if (present === 0) {
    plan.discover = !existing || typeChanged || trioChanged.length > 0 || !base?.oauth2ClientId;
  } else if (trioChanged.length > 0) {
    // A hand-entered client replaces whatever discovery learned about the old one.
    Object.assign(values, {
      oauth2Registration: "manual",
      oauth2Issuer: null,
      oauth2RevocationUrl: null,
      oauth2IssParameterSupported: false,
      oauth2TokenEndpointAuthMethod: null,
    } satisfies Partial<NewMcpServer>);
    plan.dropUserTokens = existing !== undefined;
  } else if (!existing || typeChanged) {
    values.oauth2Registration = "manual";
  }
  // Users' tokens were issued for (and consented to) the old URL: sending them to the new one would hand them to
  // another server. What discovery learned (resource, authorization server) described the old URL too.
  if (existing && !typeChanged && common.includes("url")) {
    plan.dropUserTokens = true;
    if (present === 3 && trioChanged.length === 0 && base?.oauth2Registration !== "manual") plan.discover = true;
  }
  // A newly registered client replaces the one the stored tokens were issued to.
  if (plan.discover && existing && !typeChanged) plan.dropUserTokens = true;
  return plan;
}

const connectionsUrl = () => appUrl("/connections");

/** What the user's stored token means for calls and for the Connections page. */
export function readServerToken(token: ServerTokenResult, server: Pick<McpServer, "displayName">): CredentialReading {
  switch (token.status) {
    case "ok":
      return {
        connectionState: "connected",
        credentials: { ok: true, headers: { Authorization: `Bearer ${token.accessToken}` } },
      };
    case "not_connected":
      return {
        connectionState: "not_connected",
        credentials: {
          ok: false,
          state: "not_connected",
          message: `Connect your ${server.displayName} account at ${connectionsUrl()} first.`,
        },
      };
    case "needs_reconnect":
      return {
        connectionState: "needs_reconnect",
        credentials: {
          ok: false,
          state: "needs_reconnect",
          message: `Your ${server.displayName} connection expired: reconnect it at ${connectionsUrl()}.`,
        },
      };
    case "unavailable":
      // Connected, but the token could not be refreshed just now (the authorization server is unreachable).
      return {
        connectionState: "connected",
        credentials: {
          ok: false,
          state: "unavailable",
          message: `${server.displayName}'s sign-in service is unavailable right now: ${token.message} Try again shortly.`,
        },
      };
  }
}

export const oauth2: AuthTypeStrategy = {
  ...AUTH_TYPE_DESCRIPTORS.oauth2,
  inputFields: [
    "oauth2ClientId",
    "oauth2ClientSecret",
    "oauth2AuthUrl",
    "oauth2TokenUrl",
    "oauth2Scopes",
    "skipIssuerMetadataValidation",
  ],
  clearedColumns: {
    oauth2ClientId: null,
    oauth2ClientSecretEncrypted: null,
    oauth2AuthUrl: null,
    oauth2TokenUrl: null,
    oauth2Scopes: null,
    oauth2Issuer: null,
    oauth2Resource: null,
    oauth2RevocationUrl: null,
    oauth2Registration: null,
    oauth2TokenEndpointAuthMethod: null,
    oauth2IssParameterSupported: false,
    skipIssuerMetadataValidation: false,
  },
  plan,
  ...userCredential(async (handle: DbHandle, user: Pick<User, "id">, server: McpServer) =>
    readServerToken(await getUsableServerToken(handle, user.id, server), server),
  ),
  unauthorizedMessage: ({ displayName: name }, panelUrl) =>
    `${name} rejected your connection (HTTP 401). Reconnect ${name} at ${panelUrl("/connections")} and try again.`,
};
