// Auth type "custom_headers": a shared set of headers, sealed as one JSON object (names also kept in plaintext for display).
import "server-only";
import type { McpServer } from "@/lib/db/schema";
import { openOptional, sealSecret } from "@/lib/crypto/instance-secrets";
import { headerNameProblem } from "@/lib/net/header-rules";
import type { AuthPlan, AuthTypeStrategy } from "@/lib/auth-types/types";
import { AUTH_TYPE_DESCRIPTORS } from "@/lib/auth-types/descriptors";
import { emptyPlan, settingsRejected, sharedCredential } from "@/lib/auth-types/shared";

function storedHeaders(row: Pick<McpServer, "customHeadersEncrypted"> | undefined): Record<string, string> | undefined {
  const raw = openOptional(row?.customHeadersEncrypted);
  return raw ? (JSON.parse(raw) as Record<string, string>) : undefined;
}

export const customHeaders: AuthTypeStrategy = {
  ...AUTH_TYPE_DESCRIPTORS.custom_headers,
  inputFields: ["customHeaders"],
  clearedColumns: { customHeadersEncrypted: null, customHeaderNames: [] },
  plan({ input, base }) {
    const plan: AuthPlan = emptyPlan();
    if (input.customHeaders === undefined) {
      if (!base?.customHeadersEncrypted) plan.errors.customHeaders = "Add at least one header.";
      return plan;
    }
    // The whole set is replaced; a null value keeps the stored value of that header (matched case-insensitively).
    const current = storedHeaders(base) ?? {};
    const currentByLower = new Map(Object.entries(current).map(([k, v]) => [k.toLowerCase(), v]));
    const next: Record<string, string> = {};
    const seen = new Set<string>();
    for (const [rawName, value] of Object.entries(input.customHeaders)) {
      const name = rawName.trim();
      const problem = headerNameProblem(name);
      const key = `customHeaders.${rawName}`;
      if (problem) plan.errors[key] = problem;
      else if (seen.has(name.toLowerCase())) plan.errors[key] = `${name} appears twice.`;
      else if (value === null && !currentByLower.has(name.toLowerCase()))
        plan.errors[key] = `Enter a value for ${name}.`;
      seen.add(name.toLowerCase());
      next[name] = value ?? currentByLower.get(name.toLowerCase()) ?? "";
    }
    if (Object.keys(next).length === 0) plan.errors.customHeaders = "Add at least one header.";
    plan.values.customHeadersEncrypted = sealSecret(JSON.stringify(next));
    plan.values.customHeaderNames = Object.keys(next);
    plan.changed.push("customHeaders");
    return plan;
  },
  ...sharedCredential(storedHeaders),
  unauthorizedMessage: settingsRejected,
};
