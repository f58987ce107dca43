// Cross-field server rules: auth-type field ownership and clearing, sealing secrets, and what a create or edit writes.
import "server-only";
import type { McpServer } from "@/lib/db/schema";
import type { AuthType } from "@/lib/db/schema";
import type { NewMcpServer } from "@/lib/db/queries/mcp-servers";
import { openOptional, sealSecret } from "@/lib/crypto/instance-secrets";
import { invalid, type FieldErrors } from "@/lib/errors";
import type { ServerFields } from "@/lib/registry/schemas";
import { headerNameProblem } from "@/lib/net/header-rules";

/** Input fields (API names) that belong to one auth type. */
const INPUT_FIELDS_BY_TYPE: Record<AuthType, Array<keyof ServerFields>> = {
  none: [],
  user_oidc: [],
  oauth2: [
    "oauth2ClientId",
    "oauth2ClientSecret",
    "oauth2AuthUrl",
    "oauth2TokenUrl",
    "oauth2Scopes",
    "skipIssuerMetadataValidation",
  ],
  api_key: ["apiKeyHeader", "apiKeyValue"],
  custom_headers: ["customHeaders"],
};

/** The stored columns each auth type owns, with their cleared values. */
export const CLEARED_COLUMNS_BY_TYPE: Record<AuthType, Partial<NewMcpServer>> = {
  none: {},
  user_oidc: {},
  oauth2: {
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
  api_key: { apiKeyHeader: null, apiKeyValueEncrypted: null },
  custom_headers: { customHeadersEncrypted: null, customHeaderNames: [] },
};

/** Secret input fields: audited by name only, never compared or echoed. */
export const SECRET_FIELDS = new Set<keyof ServerFields>(["oauth2ClientSecret", "apiKeyValue", "customHeaders"]);

const MANUAL_OAUTH_MESSAGE =
  "Enter the client ID, authorization URL and token URL together to configure OAuth manually, or leave all three empty to discover them automatically.";

const PLAIN_FIELDS = [
  "displayName",
  "slug",
  "description",
  "iconUrl",
  "transport",
  "url",
  "authType",
  "toolAllowList",
  "toolDenyList",
  "availability",
  "enabled",
  "modelIntent",
  "allowInPlanMode",
  "forwardIdentityHeaders",
  "toolPrefix",
  "callTimeoutMs",
] as const satisfies ReadonlyArray<keyof ServerFields & keyof McpServer>;

export interface WritePlan {
  /** Column values to write (secrets sealed). */
  values: Partial<NewMcpServer>;
  /** API field names whose value was set or changed (secrets by name only). */
  changed: string[];
  /** API field names cleared because the auth type changed. */
  cleared: string[];
  /** oauth2 without manual client configuration: run discovery and registration. */
  discover: boolean;
  /** Users' OAuth tokens for this server no longer fit (auth type, client or endpoints changed). */
  dropUserTokens: boolean;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function readCustomHeaders(row: Pick<McpServer, "customHeadersEncrypted"> | undefined): Record<string, string> {
  const raw = openOptional(row?.customHeadersEncrypted);
  return raw ? (JSON.parse(raw) as Record<string, string>) : {};
}

function foreignFieldErrors(input: ServerFields, type: AuthType): FieldErrors {
  const fields: FieldErrors = {};
  for (const [owner, names] of Object.entries(INPUT_FIELDS_BY_TYPE) as Array<[AuthType, Array<keyof ServerFields>]>) {
    if (owner === type) continue;
    for (const name of names) {
      const v = input[name];
      if (v !== undefined && v !== null && v !== false)
        fields[name] = `Applies only to servers with auth type ${owner}.`;
    }
  }
  return fields;
}

/**
 * Turns validated input into the row to write. `existing` is the stored row for an edit (undefined for a create);
 * only the fields sent change, and a secret changes only when sent.
 */
export function planServerWrite(existing: McpServer | undefined, input: ServerFields): WritePlan {
  const fields: FieldErrors = {};
  if (!existing) {
    if (input.displayName === undefined) fields.displayName = "Enter a name.";
    if (input.slug === undefined) fields.slug = "Enter a slug (1–32 lowercase letters, digits or hyphens).";
    if (input.url === undefined) fields.url = "Enter the server URL.";
  }
  const previousType = existing?.authType;
  const type: AuthType = input.authType ?? previousType ?? "none";
  const typeChanged = existing !== undefined && previousType !== type;
  Object.assign(fields, foreignFieldErrors(input, type));

  const values: Partial<NewMcpServer> = {};
  const changed: string[] = [];
  const cleared: string[] = [];
  for (const key of PLAIN_FIELDS) {
    const v = input[key];
    if (v === undefined) continue;
    if (existing && same(existing[key], v)) continue;
    (values as Record<string, unknown>)[key] = v;
    changed.push(key);
  }
  // The prefix defaults to the slug and follows it while the admin has not chosen another one.
  if (input.toolPrefix === undefined && input.slug !== undefined) {
    if (!existing) values.toolPrefix = input.slug;
    else if (existing.toolPrefix === existing.slug && input.slug !== existing.slug) {
      values.toolPrefix = input.slug;
      changed.push("toolPrefix");
    }
  }

  // Changing the auth type clears every field of the previous one, secrets included.
  if (typeChanged && previousType) {
    Object.assign(values, CLEARED_COLUMNS_BY_TYPE[previousType]);
    cleared.push(...INPUT_FIELDS_BY_TYPE[previousType]);
  }
  const base = typeChanged ? undefined : existing;
  let discover = false;
  let dropUserTokens = typeChanged && previousType === "oauth2";

  if (type === "api_key") {
    const header = input.apiKeyHeader ?? base?.apiKeyHeader ?? null;
    if (!header) fields.apiKeyHeader = "Enter the header name that carries the key, e.g. X-API-Key.";
    if (input.apiKeyHeader !== undefined && input.apiKeyHeader !== base?.apiKeyHeader) {
      values.apiKeyHeader = input.apiKeyHeader;
      changed.push("apiKeyHeader");
    }
    if (input.apiKeyValue === null)
      fields.apiKeyValue = "An API key server needs a key; send a new value to replace it.";
    else if (input.apiKeyValue !== undefined) {
      values.apiKeyValueEncrypted = sealSecret(input.apiKeyValue);
      changed.push("apiKeyValue");
    } else if (!base?.apiKeyValueEncrypted) fields.apiKeyValue = "Enter the API key.";
  }

  if (type === "custom_headers") {
    if (input.customHeaders !== undefined) {
      const current = readCustomHeaders(base);
      const currentByLower = new Map(Object.entries(current).map(([k, v]) => [k.toLowerCase(), v]));
      const next: Record<string, string> = {};
      const seen = new Set<string>();
      for (const [rawName, value] of Object.entries(input.customHeaders)) {
        const name = rawName.trim();
        const problem = headerNameProblem(name);
        const key = `customHeaders.${rawName}`;
        if (problem) fields[key] = problem;
        else if (seen.has(name.toLowerCase())) fields[key] = `${name} appears twice.`;
        else if (value === null && !currentByLower.has(name.toLowerCase())) fields[key] = `Enter a value for ${name}.`;
        seen.add(name.toLowerCase());
        next[name] = value ?? currentByLower.get(name.toLowerCase()) ?? "";
      }
      if (Object.keys(next).length === 0) fields.customHeaders = "Add at least one header.";
      values.customHeadersEncrypted = sealSecret(JSON.stringify(next));
      values.customHeaderNames = Object.keys(next);
      changed.push("customHeaders");
    } else if (!base?.customHeadersEncrypted) {
      fields.customHeaders = "Add at least one header.";
    }
  }

  if (type === "oauth2") {
    const pick = <K extends "oauth2ClientId" | "oauth2AuthUrl" | "oauth2TokenUrl">(k: K) =>
      input[k] !== undefined ? input[k] : (base?.[k] ?? null);
    const trio = {
      oauth2ClientId: pick("oauth2ClientId"),
      oauth2AuthUrl: pick("oauth2AuthUrl"),
      oauth2TokenUrl: pick("oauth2TokenUrl"),
    };
    const present = Object.values(trio).filter(Boolean).length;
    if (present !== 0 && present !== 3) {
      for (const [k, v] of Object.entries(trio)) if (!v) fields[k] = MANUAL_OAUTH_MESSAGE;
    }
    const trioChanged = (["oauth2ClientId", "oauth2AuthUrl", "oauth2TokenUrl"] as const).filter(
      (k) => input[k] !== undefined && input[k] !== (base?.[k] ?? null),
    );
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
      discover = !existing || typeChanged || trioChanged.length > 0 || !base?.oauth2ClientId;
    } else if (trioChanged.length > 0) {
      // A hand-entered client replaces whatever discovery learned about the old one.
      Object.assign(values, {
        oauth2Registration: "manual",
        oauth2Issuer: null,
        oauth2RevocationUrl: null,
        oauth2IssParameterSupported: false,
        oauth2TokenEndpointAuthMethod: null,
      } satisfies Partial<NewMcpServer>);
      dropUserTokens = existing !== undefined;
    } else if (!existing || typeChanged) {
      values.oauth2Registration = "manual";
    }
    // Users' tokens were issued for (and consented to) the old URL: sending them to the new one would hand them to
    // another server. What discovery learned (resource, authorization server) described the old URL too.
    if (existing && !typeChanged && changed.includes("url")) {
      dropUserTokens = true;
      if (present === 3 && trioChanged.length === 0 && base?.oauth2Registration !== "manual") discover = true;
    }
  }

  if (Object.keys(fields).length) throw invalid(fields);
  return { values, changed, cleared, discover, dropUserTokens };
}
