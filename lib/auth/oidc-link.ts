// Signs a user in through the identity provider: finds or creates their account and stores the provider's tokens.
import "server-only";
import type { Queryable } from "@/lib/db/connect";
import { getOidcAccountBySubject, upsertOidcAccount } from "@/lib/db/queries/oidc-accounts";
import { countUsers, getUserByEmail, getUserById, insertUser, normalizeEmail } from "@/lib/db/queries/users";
import type { User } from "@/lib/db/schema";
import { sealOptional } from "@/lib/crypto/instance-secrets";
import { recordAudit } from "@/lib/audit/record";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc-tokens";

export interface OidcSignIn {
  subject: string;
  email?: string | null;
  emailVerified?: boolean | null;
  name?: string | null;
  accessToken?: string | null;
  refreshToken?: string | null;
  tokenType?: string | null;
  scope?: string | null;
  /** Seconds since the epoch, as OAuth libraries report it. */
  expiresAt?: number | null;
}

export type OidcLinkFailure = "no_email" | "email_unverified" | "disabled" | "setup_required";
export type OidcLinkResult = { ok: true; user: User } | { ok: false; reason: OidcLinkFailure };

/**
 * An existing link wins; otherwise an account with the same email is linked only when the provider says that email
 * is verified (an absent email_verified proves nothing: whoever could type the address would take the account over),
 * else a member is created. Tokens are replaced on every sign-in; the refresh token is kept when none came this time.
 */
export async function linkOidcSignIn(db: Queryable, input: OidcSignIn, ip: string | null): Promise<OidcLinkResult> {
  const existing = await getOidcAccountBySubject(db, OIDC_PROVIDER_ID, input.subject);
  let user = existing ? await getUserById(db, existing.userId) : undefined;
  if (!user) {
    if (!input.email) return fail(db, input, "no_email", ip);
    if (input.emailVerified === false) return fail(db, input, "email_unverified", ip);
    // The first account must be the admin that set-up creates: a member made here would lock set-up out for good.
    if ((await countUsers(db)) === 0) return fail(db, input, "setup_required", ip);
    user = await insertUser(db, {
      email: input.email,
      name: input.name?.trim() || normalizeEmail(input.email),
      passwordHash: null,
      role: "member",
    });
    if (!user) {
      // The address already belongs to an account (perhaps created a moment ago): only a verified claim may link it.
      const sameEmail = await getUserByEmail(db, input.email);
      if (!sameEmail) return fail(db, input, "no_email", ip);
      if (input.emailVerified !== true) return fail(db, input, "email_unverified", ip);
      user = sameEmail;
    }
  }
  if (user.disabled) return fail(db, input, "disabled", ip, user);
  await upsertOidcAccount(db, {
    userId: user.id,
    provider: OIDC_PROVIDER_ID,
    subject: input.subject,
    accessTokenEncrypted: sealOptional(input.accessToken),
    refreshTokenEncrypted: sealOptional(input.refreshToken),
    tokenType: input.tokenType ?? null,
    scope: input.scope ?? null,
    expiresAt: input.expiresAt ? new Date(input.expiresAt * 1000) : null,
  });
  await recordAudit(
    { kind: "auth.signed_in", actorId: user.id, actorLabel: user.email, via: OIDC_PROVIDER_ID, ip },
    db,
  );
  return { ok: true, user };
}

async function fail(
  db: Queryable,
  input: OidcSignIn,
  reason: OidcLinkFailure,
  ip: string | null,
  user?: User,
): Promise<OidcLinkResult> {
  await recordAudit(
    {
      kind: "auth.sign_in_failed",
      actorId: user?.id ?? null,
      actorLabel: input.email ?? null,
      via: OIDC_PROVIDER_ID,
      outcome: reason === "disabled" ? "denied" : "failure",
      ip,
      details: { reason },
    },
    db,
  );
  return { ok: false, reason };
}
