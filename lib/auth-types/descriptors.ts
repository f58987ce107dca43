// What the console (browser included) knows about each auth type: its labels and where a user's credential comes from.
import type { AuthType } from "@/lib/db/schema";

export type { AuthType };

export interface AuthTypeDescriptor {
  /** Short name for badges and lists. */
  label: string;
  /** The choice in the server form's auth type menu. */
  option: string;
  /**
   * Where the credential sent upstream comes from: the server's own settings (the same for every user, nothing to
   * connect), an account each user connects through the Connect popup (their tokens are stored per server), or the
   * identity provider the user signed in to Switchboard with.
   */
  credential: "shared" | "connected_account" | "sign_in";
}

/** In menu order. Server-side behaviour of each type lives beside this file, one module per type (index.ts). */
export const AUTH_TYPE_DESCRIPTORS: Record<AuthType, AuthTypeDescriptor> = {
  none: { label: "No auth", option: "None", credential: "shared" },
  oauth2: { label: "OAuth", option: "OAuth 2 (each user connects their account)", credential: "connected_account" },
  api_key: { label: "API key", option: "API key (shared)", credential: "shared" },
  custom_headers: { label: "Custom headers", option: "Custom headers (shared)", credential: "shared" },
  user_oidc: {
    label: "Single sign-on",
    option: "Single sign-on token (the user's identity provider token)",
    credential: "sign_in",
  },
};
