// Cross-field server rules: which fields belong to the chosen auth type, clearing the old type's settings on a type
// change, and what a create or edit writes (each auth type plans its own settings: lib/auth-types).
import "server-only";
import type { AuthType, McpServer } from "@/lib/db/schema";
import type { NewMcpServer } from "@/lib/db/queries/mcp-servers";
import { invalid, type FieldErrors } from "@/lib/errors";
import type { ServerFields } from "@/lib/server-input/schemas";
import { AUTH_TYPES } from "@/lib/auth-types";

/** Fields every server has, whatever its auth type. */
export const COMMON_FIELDS = [
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

function foreignFieldErrors(input: ServerFields, type: AuthType): FieldErrors {
  const fields: FieldErrors = {};
  for (const [owner, strategy] of Object.entries(AUTH_TYPES)) {
    if (owner === type) continue;
    for (const name of strategy.inputFields) {
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
  for (const key of COMMON_FIELDS) {
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
  let dropUserTokens = false;
  if (typeChanged && previousType) {
    const previous = AUTH_TYPES[previousType];
    Object.assign(values, previous.clearedColumns);
    cleared.push(...previous.inputFields);
    dropUserTokens = previous.credential === "connected_account";
  }
  const own = AUTH_TYPES[type].plan({
    input,
    existing,
    base: typeChanged ? undefined : existing,
    typeChanged,
    changed: [...changed],
  });
  Object.assign(values, own.values);
  changed.push(...own.changed);
  Object.assign(fields, own.errors);

  if (Object.keys(fields).length) throw invalid(fields);
  return {
    values,
    changed,
    cleared,
    discover: own.discover ?? false,
    dropUserTokens: dropUserTokens || !!own.dropUserTokens,
  };
}
