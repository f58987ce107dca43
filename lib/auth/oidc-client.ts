// Talks to the sign-in identity provider's token endpoint (discovered from OIDC_ISSUER) to refresh user tokens.
import "server-only";
import { env } from "@/lib/env";

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  tokenType?: string;
  scope?: string;
  expiresAt: Date | null;
}

export class OidcRefreshError extends Error {
  override name = "OidcRefreshError";
  constructor(
    message: string,
    /** True when the provider refused the refresh token itself: only a new sign-in helps. */
    readonly invalidGrant: boolean,
  ) {
    super(message);
  }
}

let discovery: Promise<{ token_endpoint: string }> | undefined;

async function tokenEndpoint(): Promise<string> {
  const issuer = env().OIDC_ISSUER;
  if (!issuer) throw new OidcRefreshError("No identity provider is configured.", false);
  discovery ??= (async () => {
    const res = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`discovery answered ${res.status}`);
    const doc = (await res.json()) as { token_endpoint?: unknown };
    if (typeof doc.token_endpoint !== "string") throw new Error("discovery document has no token_endpoint");
    return { token_endpoint: doc.token_endpoint };
  })().catch((err) => {
    discovery = undefined;
    throw new OidcRefreshError(`Identity provider discovery failed (${(err as Error).message}).`, false);
  });
  return (await discovery).token_endpoint;
}

export async function refreshOidcTokens(refreshToken: string, now = new Date()): Promise<TokenSet> {
  const e = env();
  const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken });
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
  };
  if (e.OIDC_CLIENT_SECRET) {
    const id = encodeURIComponent(e.OIDC_CLIENT_ID!);
    const secret = encodeURIComponent(e.OIDC_CLIENT_SECRET);
    headers.authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
  } else {
    body.set("client_id", e.OIDC_CLIENT_ID!);
  }
  let res: Response;
  try {
    res = await fetch(await tokenEndpoint(), { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    if (err instanceof OidcRefreshError) throw err;
    throw new OidcRefreshError("The identity provider could not be reached.", false);
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const code = typeof json.error === "string" ? json.error : `http_${res.status}`;
    throw new OidcRefreshError(`The identity provider refused the refresh (${code}).`, code === "invalid_grant");
  }
  if (typeof json.access_token !== "string") {
    throw new OidcRefreshError("The identity provider's answer had no access token.", false);
  }
  const expiresIn = typeof json.expires_in === "number" ? json.expires_in : Number(json.expires_in);
  return {
    accessToken: json.access_token,
    refreshToken: typeof json.refresh_token === "string" ? json.refresh_token : undefined,
    tokenType: typeof json.token_type === "string" ? json.token_type : undefined,
    scope: typeof json.scope === "string" ? json.scope : undefined,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(now.getTime() + expiresIn * 1000) : null,
  };
}
