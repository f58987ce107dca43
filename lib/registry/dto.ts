// What leaves the server about a registered server: the admin view (secrets as has* flags) and the redacted member view.
import type { McpServer, User } from "@/lib/db/schema";
import type { ConnectionState } from "@/lib/auth-types/types";

/** Per-viewer facts computed for each response. */
export interface ViewerFacts {
  authConnected: boolean;
  connectionState: ConnectionState;
  selected: boolean;
}

export function toMemberServerDto(s: McpServer, facts: ViewerFacts) {
  return {
    id: s.id,
    displayName: s.displayName,
    slug: s.slug,
    description: s.description,
    iconUrl: s.iconUrl,
    authType: s.authType,
    hasOAuth2Secret: Boolean(s.oauth2ClientSecretEncrypted),
    hasApiKey: Boolean(s.apiKeyValueEncrypted),
    hasCustomHeaders: Boolean(s.customHeadersEncrypted),
    toolAllowList: s.toolAllowList,
    toolDenyList: s.toolDenyList,
    availability: s.availability,
    enabled: s.enabled,
    modelIntent: s.modelIntent,
    allowInPlanMode: s.allowInPlanMode,
    forwardIdentityHeaders: s.forwardIdentityHeaders,
    toolPrefix: s.toolPrefix,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    authConnected: facts.authConnected,
    connectionState: facts.connectionState,
    selected: facts.selected,
  };
}

export function toAdminServerDto(s: McpServer, facts: ViewerFacts) {
  return {
    ...toMemberServerDto(s, facts),
    transport: s.transport,
    url: s.url,
    oauth2ClientId: s.oauth2ClientId,
    oauth2AuthUrl: s.oauth2AuthUrl,
    oauth2TokenUrl: s.oauth2TokenUrl,
    oauth2Scopes: s.oauth2Scopes,
    oauth2Issuer: s.oauth2Issuer,
    oauth2Resource: s.oauth2Resource,
    oauth2RevocationUrl: s.oauth2RevocationUrl,
    oauth2Registration: s.oauth2Registration,
    skipIssuerMetadataValidation: s.skipIssuerMetadataValidation,
    apiKeyHeader: s.apiKeyHeader,
    /** Names only; values are write-only. */
    customHeaderNames: s.customHeaderNames,
    callTimeoutMs: s.callTimeoutMs,
    createdBy: s.createdBy,
    updatedBy: s.updatedBy,
  };
}

export type MemberServerDto = ReturnType<typeof toMemberServerDto>;
export type AdminServerDto = ReturnType<typeof toAdminServerDto>;

export function toServerDto(
  s: McpServer,
  viewer: Pick<User, "role">,
  facts: ViewerFacts,
): MemberServerDto | AdminServerDto {
  return viewer.role === "admin" ? toAdminServerDto(s, facts) : toMemberServerDto(s, facts);
}
