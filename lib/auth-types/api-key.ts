// Auth type "api_key": one shared key, sent in the header the admin names.
import "server-only";
import { openOptional, sealSecret } from "@/lib/crypto/instance-secrets";
import type { AuthPlan, AuthTypeStrategy } from "@/lib/auth-types/types";
import { AUTH_TYPE_DESCRIPTORS } from "@/lib/auth-types/descriptors";
import { emptyPlan, settingsRejected, sharedCredential } from "@/lib/auth-types/shared";

export const apiKey: AuthTypeStrategy = {
  ...AUTH_TYPE_DESCRIPTORS.api_key,
  inputFields: ["apiKeyHeader", "apiKeyValue"],
  clearedColumns: { apiKeyHeader: null, apiKeyValueEncrypted: null },
  plan({ input, base }) {
    const plan: AuthPlan = emptyPlan();
    const header = input.apiKeyHeader ?? base?.apiKeyHeader ?? null;
    if (!header) plan.errors.apiKeyHeader = "Enter the header name that carries the key, e.g. X-API-Key.";
    if (input.apiKeyHeader !== undefined && input.apiKeyHeader !== base?.apiKeyHeader) {
      plan.values.apiKeyHeader = input.apiKeyHeader;
      plan.changed.push("apiKeyHeader");
    }
    if (input.apiKeyValue === null)
      plan.errors.apiKeyValue = "An API key server needs a key; send a new value to replace it.";
    else if (input.apiKeyValue !== undefined) {
      plan.values.apiKeyValueEncrypted = sealSecret(input.apiKeyValue);
      plan.changed.push("apiKeyValue");
    } else if (!base?.apiKeyValueEncrypted) plan.errors.apiKeyValue = "Enter the API key.";
    return plan;
  },
  ...sharedCredential((server) => {
    const value = openOptional(server.apiKeyValueEncrypted);
    return server.apiKeyHeader && value ? { [server.apiKeyHeader]: value } : undefined;
  }),
  unauthorizedMessage: settingsRejected,
};
