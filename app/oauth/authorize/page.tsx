import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDbHandle } from "@/lib/db/client";
import { getSessionUser } from "@/lib/auth/session";
import type { RawParams } from "@/lib/oauth-server/authorization-request";
import { authorizeStep } from "@/lib/oauth-server/authorize-step";
import { clientDisplayName } from "@/lib/oauth-server/clients";
import { redirectTarget } from "@/lib/oauth-server/redirect-uris";
import { SCOPE_DESCRIPTIONS } from "@/lib/oauth-server/config";
import { CenterCard } from "@/components/ui/center-card";
import { switchAccountAction } from "@/app/(auth)/actions";

export const metadata: Metadata = { title: "Authorize application", robots: { index: false } };
export const dynamic = "force-dynamic";

function currentPath(params: RawParams): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    for (const item of Array.isArray(v) ? v : v === undefined ? [] : [v]) qs.append(k, item);
  return `/oauth/authorize?${qs.toString()}`;
}

function Problem({ title, message }: { title: string; message: string }) {
  return (
    <CenterCard>
      <h1>{title}</h1>
      <div className="alert alert-error" role="alert">
        {message}
      </div>
      <p className="muted" style={{ margin: 0 }}>
        Switchboard did not send you back to the application, because the request could not be trusted. You can close
        this window.
      </p>
    </CenterCard>
  );
}

export default async function AuthorizePage({ searchParams }: { searchParams: Promise<RawParams> }) {
  const params = await searchParams;
  const handle = await getDbHandle();
  const step = await authorizeStep(handle.db, params, await getSessionUser());
  if (step.kind === "fatal") return <Problem title={step.title} message={step.message} />;
  if (step.kind === "redirect") redirect(step.url);
  if (step.kind === "sign_in") redirect(`/login?callbackUrl=${encodeURIComponent(currentPath(params))}`);

  const { request, user, ticket } = step;
  const client = request.client;
  const name = clientDisplayName(client);
  const verifiedHost = client.kind === "metadata_document" ? new URL(client.clientId).host : null;
  return (
    <CenterCard labelledBy="consent-title">
      <div>
        <h1 id="consent-title" className="break">
          Allow {name} to use Switchboard?
        </h1>
        <form action={switchAccountAction} className="muted small" style={{ margin: 0 }}>
          Signed in as <strong className="break">{user.email}</strong>.{" "}
          <input type="hidden" name="callbackUrl" value={currentPath(params)} />
          <button className="btn-link">Not you? Switch account</button>
        </form>
      </div>
      {verifiedHost ? (
        <p style={{ margin: 0 }}>
          This application is published by <strong>{verifiedHost}</strong>.
        </p>
      ) : (
        <div className="alert alert-warn">
          <span className="alert-title">Unverified application.</span> It registered itself and named itself “{name}”;
          Switchboard cannot verify who made it. Only approve it if you just started connecting it yourself.
        </div>
      )}
      <div>
        <p style={{ margin: "0 0 0.3rem" }}>It will be able to:</p>
        <ul data-testid="consent-scopes" style={{ margin: 0, paddingLeft: "1.25rem" }}>
          {request.scopes.map((s) => (
            <li key={s}>
              {SCOPE_DESCRIPTIONS[s] ?? s} <code className="muted">{s}</code>
            </li>
          ))}
        </ul>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        After you decide, you will be sent to{" "}
        <strong data-testid="consent-redirect-host">{redirectTarget(request.redirectUri)}</strong>. You can revoke
        access at any time under Authorized apps.
      </p>
      <form method="post" action="/api/oauth/authorize" className="dialog-actions" style={{ marginTop: 0 }}>
        <input type="hidden" name="ticket" value={ticket} />
        <button className="btn" name="decision" value="deny">
          Deny
        </button>
        <button className="btn btn-primary" name="decision" value="approve">
          Approve
        </button>
      </form>
    </CenterCard>
  );
}
