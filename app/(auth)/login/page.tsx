import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { CenterCard } from "@/components/ui/center-card";
import { getSessionUser } from "@/lib/auth/session";
import { getDbHandle } from "@/lib/db/client";
import { countUsers } from "@/lib/db/queries/users";
import { env, oidcEnabled } from "@/lib/env";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  const handle = await getDbHandle();
  if ((await countUsers(handle.db)) === 0) redirect("/setup");
  if (await getSessionUser()) redirect(callbackUrl);
  const error = params.error ? signInErrorMessage(params.error, params.code) : undefined;
  return (
    <CenterCard>
      <div>
        <h1>Sign in to Switchboard</h1>
        <p className="muted" style={{ margin: 0 }}>
          Your organisation&apos;s MCP servers, in one place.
        </p>
      </div>
      <LoginForm
        callbackUrl={callbackUrl}
        oidcName={oidcEnabled() ? env().OIDC_NAME : undefined}
        initialError={error}
      />
    </CenterCard>
  );
}
