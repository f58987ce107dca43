// The server form's state and the request body it turns into: everything on create; on edit only what changed,
// and a secret only when the admin typed a new value.
import type { AdminServerDto } from "@/lib/client/servers";
import type { AuthType } from "@/lib/auth-types/descriptors";

export interface HeaderRow {
  key: number;
  name: string;
  /** A new value typed by the admin ("" keeps a stored value). */
  value: string;
  /** The header exists on the server already (its value is write-only). */
  stored: boolean;
}

export interface ServerFormState {
  displayName: string;
  slug: string;
  description: string;
  iconUrl: string;
  transport: AdminServerDto["transport"];
  url: string;
  authType: AdminServerDto["authType"];
  oauthMode: "discover" | "manual";
  oauth2ClientId: string;
  oauth2ClientSecret: string;
  oauth2AuthUrl: string;
  oauth2TokenUrl: string;
  oauth2Scopes: string;
  skipIssuerMetadataValidation: boolean;
  apiKeyHeader: string;
  apiKeyValue: string;
  customHeaders: HeaderRow[];
  toolAllowList: string[];
  toolDenyList: string[];
  availability: AdminServerDto["availability"];
  enabled: boolean;
  modelIntent: boolean;
  allowInPlanMode: boolean;
  forwardIdentityHeaders: boolean;
  toolPrefix: string;
  /** Create only: the prefix follows the slug until the admin edits it. */
  prefixTouched: boolean;
  callTimeoutMs: string;
}

let rowKey = 0;
export const newHeaderRow = (name = "", stored = false): HeaderRow => ({ key: ++rowKey, name, value: "", stored });

export function initialFormState(server?: AdminServerDto): ServerFormState {
  return {
    displayName: server?.displayName ?? "",
    slug: server?.slug ?? "",
    description: server?.description ?? "",
    iconUrl: server?.iconUrl ?? "",
    transport: server?.transport ?? "streamable_http",
    url: server?.url ?? "",
    authType: server?.authType ?? "none",
    oauthMode: server?.oauth2Registration === "manual" ? "manual" : "discover",
    oauth2ClientId: server?.oauth2ClientId ?? "",
    oauth2ClientSecret: "",
    oauth2AuthUrl: server?.oauth2AuthUrl ?? "",
    oauth2TokenUrl: server?.oauth2TokenUrl ?? "",
    oauth2Scopes: server?.oauth2Scopes ?? "",
    skipIssuerMetadataValidation: server?.skipIssuerMetadataValidation ?? false,
    apiKeyHeader: server?.apiKeyHeader ?? "",
    apiKeyValue: "",
    customHeaders: server?.customHeaderNames.length
      ? server.customHeaderNames.map((n) => newHeaderRow(n, true))
      : [newHeaderRow()],
    toolAllowList: server?.toolAllowList ?? [],
    toolDenyList: server?.toolDenyList ?? [],
    availability: server?.availability ?? "default_on",
    enabled: server?.enabled ?? false,
    modelIntent: server?.modelIntent ?? false,
    allowInPlanMode: server?.allowInPlanMode ?? false,
    forwardIdentityHeaders: server?.forwardIdentityHeaders ?? false,
    toolPrefix: server?.toolPrefix ?? "",
    prefixTouched: Boolean(server),
    callTimeoutMs: server?.callTimeoutMs ? String(server.callTimeoutMs) : "",
  };
}

const orNull = (v: string) => (v.trim() ? v.trim() : null);

interface AuthBodyArgs {
  s: ServerFormState;
  initial: ServerFormState | undefined;
  sameType: boolean;
  /** Whether the field differs from the loaded server (always true after a type change). */
  changed: (k: keyof ServerFormState) => boolean;
}

/** Each auth type's own fields in the request body. */
const AUTH_BODY_BY_TYPE: Record<AuthType, (a: AuthBodyArgs) => Record<string, unknown>> = {
  none: () => ({}),
  user_oidc: () => ({}),
  oauth2: ({ s, initial, sameType, changed }) => {
    const out: Record<string, unknown> = {};
    if (s.oauthMode === "manual") {
      for (const k of ["oauth2ClientId", "oauth2AuthUrl", "oauth2TokenUrl"] as const)
        if (changed(k) || initial?.oauthMode !== "manual") out[k] = orNull(s[k]);
      if (s.oauth2ClientSecret) out.oauth2ClientSecret = s.oauth2ClientSecret;
    } else if (sameType && initial?.oauthMode === "manual") {
      // Emptying the manual client asks the server to discover one.
      Object.assign(out, { oauth2ClientId: null, oauth2AuthUrl: null, oauth2TokenUrl: null });
    }
    if (changed("oauth2Scopes")) out.oauth2Scopes = orNull(s.oauth2Scopes);
    if (changed("skipIssuerMetadataValidation") && (s.skipIssuerMetadataValidation || sameType))
      out.skipIssuerMetadataValidation = s.skipIssuerMetadataValidation;
    return out;
  },
  api_key: ({ s, changed }) => {
    const out: Record<string, unknown> = {};
    if (changed("apiKeyHeader")) out.apiKeyHeader = s.apiKeyHeader.trim();
    if (s.apiKeyValue) out.apiKeyValue = s.apiKeyValue;
    return out;
  },
  custom_headers: ({ s, initial, sameType }) => {
    const rows = s.customHeaders.filter((r) => r.name.trim() || r.value);
    const edited =
      !sameType ||
      rows.some((r) => r.value || !r.stored) ||
      rows.length !== initial!.customHeaders.filter((r) => r.stored).length;
    if (!edited) return {};
    return {
      customHeaders: Object.fromEntries(rows.map((r) => [r.name.trim(), r.value ? r.value : r.stored ? null : ""])),
    };
  },
};

function authBody(s: ServerFormState, initial: ServerFormState | undefined): Record<string, unknown> {
  const sameType = initial !== undefined && initial.authType === s.authType;
  const changed = (k: keyof ServerFormState) => !sameType || JSON.stringify(s[k]) !== JSON.stringify(initial![k]);
  return AUTH_BODY_BY_TYPE[s.authType]({ s, initial, sameType, changed });
}

function plainOf(s: ServerFormState) {
  return {
    displayName: s.displayName.trim(),
    slug: s.slug.trim(),
    description: s.description.trim(),
    iconUrl: s.iconUrl.trim() || null,
    transport: s.transport,
    url: s.url.trim(),
    authType: s.authType,
    toolAllowList: s.toolAllowList,
    toolDenyList: s.toolDenyList,
    availability: s.availability,
    enabled: s.enabled,
    modelIntent: s.modelIntent,
    allowInPlanMode: s.allowInPlanMode,
    forwardIdentityHeaders: s.forwardIdentityHeaders,
    toolPrefix: s.toolPrefix.trim(),
    callTimeoutMs: s.callTimeoutMs.trim() ? Number(s.callTimeoutMs) : null,
  };
}

/** The request body: everything for a create; for an edit only the changed fields (secrets only when typed). */
export function formBody(s: ServerFormState, initial?: ServerFormState): Record<string, unknown> {
  const plain: Record<string, unknown> = plainOf(s);
  const body: Record<string, unknown> = {};
  if (!initial) {
    Object.assign(body, plain);
    if (!s.prefixTouched) delete body.toolPrefix;
    if (body.iconUrl === null) delete body.iconUrl;
    if (body.callTimeoutMs === null) delete body.callTimeoutMs;
  } else {
    const before: Record<string, unknown> = plainOf(initial);
    for (const [k, v] of Object.entries(plain)) if (JSON.stringify(v) !== JSON.stringify(before[k])) body[k] = v;
  }
  return { ...body, ...authBody(s, initial) };
}
