"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/index";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

export interface LoginState {
  error?: string;
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
      return { error: err.type === "CredentialsSignin" ? "Wrong email or password." : "Sign-in failed. Try again." };
    }
    throw err;
  }
}

export async function oidcSignIn(form: FormData): Promise<void> {
  await signIn("oidc", { redirectTo: safeCallbackUrl(form.get("callbackUrl")) });
}
