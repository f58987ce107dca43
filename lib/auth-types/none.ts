// Auth type "none": Switchboard sends no credentials.
import type { AuthTypeStrategy } from "@/lib/auth-types/types";
import { AUTH_TYPE_DESCRIPTORS } from "@/lib/auth-types/descriptors";
import { noSettings, settingsRejected, sharedCredential } from "@/lib/auth-types/shared";

export const none: AuthTypeStrategy = {
  ...AUTH_TYPE_DESCRIPTORS.none,
  ...noSettings,
  ...sharedCredential(() => ({})),
  unauthorizedMessage: settingsRejected,
};
