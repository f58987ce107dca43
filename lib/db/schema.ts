// The database schema (one for PGlite and PostgreSQL). Columns ending in _encrypted hold sealed secrets (lib/crypto).
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const userRoles = ["admin", "member"] as const;
export type UserRole = (typeof userRoles)[number];

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Always stored lower-cased. */
    email: text().notNull(),
    name: text().notNull(),
    /** Null for accounts that only sign in through the identity provider. */
    passwordHash: text(),
    role: text({ enum: userRoles }).notNull().default("member"),
    disabled: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const oidcAccounts = pgTable(
  "oidc_accounts",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provider: text().notNull(),
    subject: text().notNull(),
    accessTokenEncrypted: text(),
    refreshTokenEncrypted: text(),
    tokenType: text(),
    scope: text(),
    expiresAt: timestamp({ withTimezone: true }),
    /** Set when the provider refused our refresh token: the user must sign in through it again. */
    refreshFailedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("oidc_accounts_provider_subject_key").on(t.provider, t.subject),
    index("oidc_accounts_user_id_idx").on(t.userId),
  ],
);

export const personalAccessTokens = pgTable(
  "personal_access_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** SHA-256 (hex) of the token; the token itself is shown once and never stored. */
    tokenHash: text().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("personal_access_tokens_token_hash_key").on(t.tokenHash),
    index("personal_access_tokens_user_id_idx").on(t.userId),
  ],
);

export const auditOutcomes = ["ok", "failure", "denied", "tool_error", "upstream_error"] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    createdAt: createdAt(),
    /** Dotted event kind, e.g. "auth.sign_in_failed", "user.updated", "token.created", "tool.called". */
    kind: text().notNull(),
    actorId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** The actor's email at the time (kept when the user is deleted), or a description for anonymous events. */
    actorLabel: text(),
    /** How the actor authenticated: "session", "pat:<id>", or an OAuth client id. */
    via: text(),
    targetType: text(),
    targetId: text(),
    serverId: uuid(),
    tool: text(),
    outcome: text({ enum: auditOutcomes }).notNull().default("ok"),
    durationMs: integer(),
    ip: text(),
    /** Event-specific facts (changed field names, reasons, intents) — never secret values. */
    details: jsonb()
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [
    index("audit_events_kind_idx").on(t.kind, t.id),
    index("audit_events_actor_idx").on(t.actorId, t.id),
    index("audit_events_server_idx").on(t.serverId, t.id),
    index("audit_events_created_at_idx").on(t.createdAt),
  ],
);

export const transports = ["streamable_http", "sse"] as const;
export type Transport = (typeof transports)[number];
export const authTypes = ["none", "oauth2", "api_key", "custom_headers", "user_oidc"] as const;
export type AuthType = (typeof authTypes)[number];
export const availabilities = ["force_on", "default_on", "default_off"] as const;
export type Availability = (typeof availabilities)[number];
export const oauth2Registrations = ["manual", "dynamic", "metadata_document"] as const;
export type OAuth2Registration = (typeof oauth2Registrations)[number];
export const oauth2TokenEndpointAuthMethods = ["none", "client_secret_basic", "client_secret_post"] as const;
export type OAuth2TokenEndpointAuthMethod = (typeof oauth2TokenEndpointAuthMethods)[number];

/** External MCP servers registered by admins. */
export const mcpServers = pgTable(
  "mcp_servers",
  {
    id: uuid().primaryKey().defaultRandom(),
    displayName: text().notNull(),
    /** Unique, [a-z0-9-], 1-32 characters. */
    slug: text().notNull(),
    description: text().notNull().default(""),
    iconUrl: text(),
    transport: text({ enum: transports }).notNull().default("streamable_http"),
    url: text().notNull(),
    authType: text({ enum: authTypes }).notNull().default("none"),
    oauth2ClientId: text(),
    oauth2ClientSecretEncrypted: text(),
    oauth2AuthUrl: text(),
    oauth2TokenUrl: text(),
    /** Space-separated, as OAuth writes scopes. */
    oauth2Scopes: text(),
    /** What discovery learned (null for manual configuration). */
    oauth2Issuer: text(),
    oauth2Resource: text(),
    oauth2RevocationUrl: text(),
    oauth2Registration: text({ enum: oauth2Registrations }),
    /** How Switchboard authenticates at the token endpoint (what registration agreed, or inferred for manual config). */
    oauth2TokenEndpointAuthMethod: text({ enum: oauth2TokenEndpointAuthMethods }),
    /** The AS advertised RFC 9207 `iss` in authorization responses: a callback without it is refused. */
    oauth2IssParameterSupported: boolean().notNull().default(false),
    skipIssuerMetadataValidation: boolean().notNull().default(false),
    apiKeyHeader: text(),
    apiKeyValueEncrypted: text(),
    /** Sealed JSON object of header name -> value. */
    customHeadersEncrypted: text(),
    /** The names only, in plaintext, for display. */
    customHeaderNames: jsonb()
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    toolAllowList: jsonb()
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    toolDenyList: jsonb()
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    availability: text({ enum: availabilities }).notNull().default("default_on"),
    enabled: boolean().notNull().default(false),
    modelIntent: boolean().notNull().default(false),
    allowInPlanMode: boolean().notNull().default(false),
    forwardIdentityHeaders: boolean().notNull().default(false),
    /** Namespace for exposed tool names; defaults to the slug, "" exposes names unprefixed. */
    toolPrefix: text().notNull(),
    /** Per-server tools/call timeout override (ms); null means the gateway default. */
    callTimeoutMs: integer(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("mcp_servers_slug_key").on(t.slug)],
);

/** A user's own OAuth tokens for an oauth2 server (the Connect popup). */
export const mcpServerUserTokens = pgTable(
  "mcp_server_user_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    serverId: uuid()
      .notNull()
      .references(() => mcpServers.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessTokenEncrypted: text().notNull(),
    refreshTokenEncrypted: text(),
    tokenType: text(),
    scope: text(),
    expiresAt: timestamp({ withTimezone: true }),
    /** Set when a refresh failed with invalid_grant (or the upstream rejected the token): kept for display, not used. */
    needsReconnectAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("mcp_server_user_tokens_server_user_key").on(t.serverId, t.userId),
    index("mcp_server_user_tokens_user_id_idx").on(t.userId),
  ],
);

/** A user's opt-out (default_on) or opt-in (default_off) choice for a server. */
export const userServerSelections = pgTable(
  "user_server_selections",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    serverId: uuid()
      .notNull()
      .references(() => mcpServers.id, { onDelete: "cascade" }),
    selected: boolean().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.serverId] })],
);

// ── Registry & connections (issues 3–4) ──────────────────────────────────────────────────────────────────────

/** Keys that sign the X-Switchboard-Identity JWT sent to upstreams; public halves are served at /api/identity/jwks. */
export const identitySigningKeys = pgTable("identity_signing_keys", {
  kid: text().primaryKey(),
  alg: text().notNull(),
  publicJwk: jsonb().$type<Record<string, unknown>>().notNull(),
  /** Sealed JSON private JWK. */
  privateJwkEncrypted: text().notNull(),
  createdAt: createdAt(),
  /** Retired keys stay published (for tokens still in flight) but sign nothing new. */
  retiredAt: timestamp({ withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type OidcAccount = typeof oidcAccounts.$inferSelect;
export type PersonalAccessToken = typeof personalAccessTokens.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type McpServer = typeof mcpServers.$inferSelect;
export type McpServerUserToken = typeof mcpServerUserTokens.$inferSelect;
export type UserServerSelection = typeof userServerSelections.$inferSelect;

// ---------------------------------------------------------------------------------------------------------------
// OAuth authorization server (issue 5): clients, consent, codes, grants (refresh-token families), signing keys.
// ---------------------------------------------------------------------------------------------------------------

export const oauthClientKinds = ["dynamic", "metadata_document"] as const;
export type OAuthClientKind = (typeof oauthClientKinds)[number];
export const oauthClientAuthMethods = ["none", "client_secret_basic", "client_secret_post"] as const;
export type OAuthClientAuthMethod = (typeof oauthClientAuthMethods)[number];

/** MCP clients known to our authorization server: registered (RFC 7591) or fetched client ID metadata documents. */
export const oauthClients = pgTable(
  "oauth_clients",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The public OAuth client_id: random for registered clients, the document URL for metadata-document clients. */
    clientId: text().notNull(),
    kind: text({ enum: oauthClientKinds }).notNull(),
    clientName: text(),
    clientUri: text(),
    logoUri: text(),
    redirectUris: jsonb().$type<string[]>().notNull(),
    grantTypes: jsonb().$type<string[]>().notNull(),
    tokenEndpointAuthMethod: text({ enum: oauthClientAuthMethods }).notNull(),
    /** SHA-256 (hex) of the client secret of a confidential client; the secret is shown once at registration. */
    clientSecretHash: text(),
    /** Space-separated scopes the client registered for (informational). */
    scope: text(),
    softwareId: text(),
    softwareVersion: text(),
    /** Who registered it (rate limiting); null for metadata-document clients. */
    registrationIp: text(),
    /** Metadata-document clients: when the cached document must be fetched again. */
    metadataExpiresAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("oauth_clients_client_id_key").on(t.clientId),
    index("oauth_clients_registration_ip_idx").on(t.registrationIp, t.createdAt),
  ],
);

/** What a user approved for a client; a later authorization within these scopes skips the consent screen. */
export const oauthConsents = pgTable(
  "oauth_consents",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    oauthClientId: uuid()
      .notNull()
      .references(() => oauthClients.id, { onDelete: "cascade" }),
    /** Space-separated. */
    scope: text().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.oauthClientId] }), index("oauth_consents_client_idx").on(t.oauthClientId)],
);

/** One authorization (a refresh-token family): access tokens carry its id, so revoking it ends them all. */
export const oauthGrants = pgTable(
  "oauth_grants",
  {
    id: uuid().primaryKey().defaultRandom(),
    oauthClientId: uuid()
      .notNull()
      .references(() => oauthClients.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    scope: text().notNull(),
    resource: text().notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** "user", "client", "code_reuse", "refresh_reuse", … */
    revokedReason: text(),
  },
  (t) => [index("oauth_grants_user_client_idx").on(t.userId, t.oauthClientId)],
);

export const oauthAuthorizationCodes = pgTable(
  "oauth_authorization_codes",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** SHA-256 (hex) of the code. */
    codeHash: text().notNull(),
    oauthClientId: uuid()
      .notNull()
      .references(() => oauthClients.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    redirectUri: text().notNull(),
    /** Whether the authorization request named redirect_uri (then the token request must repeat it). */
    redirectUriGiven: boolean().notNull(),
    codeChallenge: text().notNull(),
    scope: text().notNull(),
    resource: text().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    /** The grant this code was exchanged for: revoked if the code is presented again. */
    grantId: uuid().references(() => oauthGrants.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("oauth_authorization_codes_code_hash_key").on(t.codeHash),
    index("oauth_authorization_codes_expires_idx").on(t.expiresAt),
  ],
);

export const oauthRefreshTokens = pgTable(
  "oauth_refresh_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    grantId: uuid()
      .notNull()
      .references(() => oauthGrants.id, { onDelete: "cascade" }),
    /** SHA-256 (hex) of the token. */
    tokenHash: text().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** Set when it was exchanged for a successor; a later use is reuse (after the grace period). */
    rotatedAt: timestamp({ withTimezone: true }),
    /** Sealed JSON of the token response that rotation returned, replayed to a racing client within the grace period. */
    successorResponseEncrypted: text(),
  },
  (t) => [
    uniqueIndex("oauth_refresh_tokens_token_hash_key").on(t.tokenHash),
    index("oauth_refresh_tokens_grant_idx").on(t.grantId),
  ],
);

/** Access-token signing keys, shared by every instance; the private half is sealed. */
export const oauthSigningKeys = pgTable("oauth_signing_keys", {
  kid: text().primaryKey(),
  alg: text().notNull(),
  publicJwk: jsonb().$type<Record<string, unknown>>().notNull(),
  privateJwkEncrypted: text().notNull(),
  createdAt: createdAt(),
});

export type OAuthClient = typeof oauthClients.$inferSelect;
export type OAuthConsent = typeof oauthConsents.$inferSelect;
export type OAuthGrant = typeof oauthGrants.$inferSelect;
export type OAuthAuthorizationCode = typeof oauthAuthorizationCodes.$inferSelect;
export type OAuthRefreshToken = typeof oauthRefreshTokens.$inferSelect;
export type OAuthSigningKey = typeof oauthSigningKeys.$inferSelect;
export type IdentitySigningKey = typeof identitySigningKeys.$inferSelect;
