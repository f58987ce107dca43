"use client";

import { useState, startTransition } from "react";
import { api, ApiError, errorMessage } from "@/lib/client/api";
import { passwordSignIn } from "@/app/(auth)/actions";
import { Field } from "@/components/ui/field";

export function SetupForm() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});

  async function submit(form: FormData) {
    setPending(true);
    setError(undefined);
    setFields({});
    const input = {
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    if (input.password !== form.get("confirm")) {
      setFields({ confirm: "The passwords do not match." });
      setPending(false);
      return;
    }
    try {
      await api("/api/setup", { method: "POST", json: input });
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError && err.fields) setFields(err.fields);
      setPending(false);
      return;
    }
    const signInForm = new FormData();
    signInForm.set("email", input.email);
    signInForm.set("password", input.password);
    signInForm.set("callbackUrl", "/");
    startTransition(async () => {
      const result = await passwordSignIn({}, signInForm);
      if (result.error) {
        setError(`Your account was created, but signing in failed: ${result.error}`);
        setPending(false);
      }
    });
  }

  return (
    // onSubmit, not a form action: React resets a form after its action runs, which would wipe what was typed on an error.
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(new FormData(e.currentTarget));
      }}
    >
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <Field label="Name" error={fields.name}>
        <input type="text" name="name" autoComplete="name" required autoFocus />
      </Field>
      <Field label="Email" error={fields.email}>
        <input type="email" name="email" autoComplete="username" required />
      </Field>
      <Field label="Password" hint="At least 8 characters." error={fields.password}>
        <input type="password" name="password" autoComplete="new-password" required minLength={8} />
      </Field>
      <Field label="Confirm password" error={fields.confirm}>
        <input type="password" name="confirm" autoComplete="new-password" required minLength={8} />
      </Field>
      <button className="btn btn-primary btn-block" disabled={pending}>
        {pending ? "Creating…" : "Create admin account"}
      </button>
    </form>
  );
}
