import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getSessionUser } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { countUsers } from "@/lib/db/queries/users";
import { env, oidcEnabled } from "@/lib/env";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

export const metadata: Metadata = { title: "Sign in" };

const errorMessages: Record<string, string> = {
  AccessDenied: "This account is disabled. Ask an admin to enable it.",
  OidcAccount: `The identity provider did not share a verified email address, so no account could be matched.`,
  CredentialsSignin: "Wrong email or password.",
  Configuration: "Sign-in is misconfigured on the server. The server log has details.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if ((await countUsers(await getDb())) === 0) redirect("/setup");
  if (await getSessionUser()) redirect(callbackUrl);
  const error = params.error ? (errorMessages[params.error] ?? "Sign-in failed. Try again.") : undefined;
  return (
    <div className="center-page">
      <div className="card auth-card stack">
        <div>
          <h1>Sign in to Switchboard</h1>
          <p className="muted">Your organisation&apos;s MCP servers, in one place.</p>
        </div>
        <LoginForm callbackUrl={callbackUrl} oidcName={oidcEnabled() ? env().OIDC_NAME : undefined} initialError={error} />
      </div>
    </div>
  );
}
