"use client";

import { useActionState } from "react";
import { passwordSignIn, oidcSignIn, type LoginState } from "@/app/(auth)/actions";
import { Field } from "@/components/ui/field";

export function LoginForm({
  callbackUrl,
  oidcName,
  initialError,
}: {
  callbackUrl: string;
  oidcName?: string;
  initialError?: string;
}) {
  const [state, action, pending] = useActionState<LoginState, FormData>(passwordSignIn, { error: initialError });
  return (
    <div className="stack">
      {state.error && (
        <div className="alert alert-error" role="alert">
          {state.error}
        </div>
      )}
      {oidcName && (
        <>
          <form action={oidcSignIn}>
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <button className="btn btn-block">Sign in with {oidcName}</button>
          </form>
          <div className="divider">or</div>
        </>
      )}
      <form action={action} className="stack">
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <Field label="Email">
          <input type="email" name="email" autoComplete="username" required autoFocus defaultValue={state.email} />
        </Field>
        <Field label="Password">
          <input type="password" name="password" autoComplete="current-password" required />
        </Field>
        <button className="btn btn-primary btn-block" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </div>
  );
}
