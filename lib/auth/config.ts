// Auth.js configuration: email + password, and the optional OIDC identity provider. Sessions are JWTs holding only ids.
import "server-only";
import { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env, oidcEnabled } from "@/lib/env";
import { instanceSecrets } from "@/lib/crypto/instance-secrets";
import { getDbHandle } from "@/lib/db/client";
import { getOidcAccountBySubject } from "@/lib/db/queries/oidc-accounts";
import { verifyCredentials } from "@/lib/auth/credentials";
import { linkOidcSignIn } from "@/lib/auth/oidc-link";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc-tokens";
import { clientIp } from "@/lib/audit/record";
import { describeError, log } from "@/lib/log";

export const SESSION_MAX_AGE_S = 7 * 24 * 3600;

/** Told only to someone who knew the password, so it reveals nothing an attacker could not already see. */
export const ACCOUNT_DISABLED_CODE = "account_disabled";
class AccountDisabled extends CredentialsSignin {
  override code = ACCOUNT_DISABLED_CODE;
}

export function buildAuthConfig(): NextAuthConfig {
  const e = env();
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const result = await verifyCredentials((await getDbHandle()).db, credentials, clientIp(request.headers));
        if (!result.ok && result.reason === "disabled") throw new AccountDisabled();
        return result.ok ? { id: result.user.id, email: result.user.email, name: result.user.name } : null;
      },
    }),
  ];
  if (oidcEnabled()) {
    const wantsRefresh = e.OIDC_SCOPES.split(/\s+/).includes("offline_access");
    providers.push({
      id: OIDC_PROVIDER_ID,
      name: e.OIDC_NAME,
      type: "oidc",
      issuer: e.OIDC_ISSUER,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      ...(e.OIDC_CLIENT_SECRET ? {} : { client: { token_endpoint_auth_method: "none" } }),
      checks: ["pkce", "state"],
      authorization: {
        // Providers issue refresh tokens for offline_access only after explicit consent.
        params: { scope: e.OIDC_SCOPES, ...(wantsRefresh ? { prompt: "consent" } : {}) },
      },
    });
  }

  return {
    secret: instanceSecrets().authSecret,
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/login", error: "/login" },
    // Failed sign-ins are expected and already audited; everything else goes to our log, one line, no stack.
    logger: {
      error(error) {
        const type = (error as { type?: string }).type;
        if (type === "CredentialsSignin") return;
        log.error("sign-in error", { type: type ?? error.name, error: describeError(error) });
      },
      warn(code) {
        log.warn("sign-in warning", { code });
      },
      debug() {},
    },
    providers,
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        if (!profile?.sub) return false;
        const result = await linkOidcSignIn(
          (await getDbHandle()).db,
          {
            subject: profile.sub,
            email: typeof profile.email === "string" ? profile.email : null,
            emailVerified: typeof profile.email_verified === "boolean" ? profile.email_verified : null,
            name: typeof profile.name === "string" ? profile.name : null,
            accessToken: account.access_token,
            refreshToken: account.refresh_token,
            tokenType: account.token_type,
            scope: account.scope,
            expiresAt: account.expires_at,
          },
          null,
        );
        if (result.ok) return true;
        return `/login?error=${result.reason === "disabled" ? "AccessDenied" : result.reason === "setup_required" ? "SetupRequired" : "OidcAccount"}`;
      },
      async jwt({ token, user, account }) {
        // Only ids go into the cookie; role and status are read from the database on every request.
        if (account?.provider === OIDC_PROVIDER_ID) {
          const link = await getOidcAccountBySubject(
            (await getDbHandle()).db,
            OIDC_PROVIDER_ID,
            account.providerAccountId,
          );
          if (link) token.uid = link.userId;
        } else if (user?.id) {
          token.uid = user.id;
        }
        delete token.picture;
        return token;
      },
      async session({ session, token }) {
        if (typeof token.uid === "string") session.user.id = token.uid;
        return session;
      },
    },
  };
}
