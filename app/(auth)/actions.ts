"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn, signOut } from "@/lib/auth/index";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { ACCOUNT_DISABLED_CODE } from "@/lib/auth/config";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";

export interface LoginState {
  error?: string;
  /** Echoed back so a failed attempt does not clear what the user typed. */
  email?: string;
}

export async function passwordSignIn(_prev: LoginState, form: FormData): Promise<LoginState> {
  try {
    await signIn("credentials", {
      email: form.get("email"),
      password: form.get("password"),
      redirectTo: safeCallbackUrl(form.get("callbackUrl")),
    });
    return {};
  } catch (err) {
    // signIn redirects by throwing; only Auth.js errors mean the sign-in itself failed.
    if (err instanceof AuthError) {
      const code = err instanceof CredentialsSignin && err.code === ACCOUNT_DISABLED_CODE ? err.code : undefined;
      const email = form.get("email");
      return {
        error: signInErrorMessage(err.type, code),
        email: typeof email === "string" ? email.slice(0, 320) : undefined,
      };
    }
    throw err;
  }
}

export async function oidcSignIn(form: FormData): Promise<void> {
  await signIn("oidc", { redirectTo: safeCallbackUrl(form.get("callbackUrl")) });
}

/** "Not you?" on the consent page: sign out, then sign in again and come back to the same request. */
export async function switchAccountAction(form: FormData): Promise<void> {
  const back = safeCallbackUrl(form.get("callbackUrl"));
  await signOut({ redirectTo: `/login?callbackUrl=${encodeURIComponent(back)}` });
}
