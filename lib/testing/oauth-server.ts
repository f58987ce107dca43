// Test helpers for the authorization server: a user, a registered client, PKCE pairs, and a code ready to exchange.
import { randomBytes } from "node:crypto";
import type { DbHandle } from "@/lib/db/connect";
import { insertUser } from "@/lib/db/queries/users";
import type { OAuthClient, User } from "@/lib/db/schema";
import { uniqueEmail } from "@/lib/testing/databases";
import { registerClient } from "@/lib/oauth-server/client-registration";
import { issueAuthorizationCode, s256 } from "@/lib/oauth-server/authorization-codes";
import { mcpResourceUrl } from "@/lib/oauth-server/config";

export async function makeUser(handle: DbHandle, tag = "oauth"): Promise<User> {
  const user = await insertUser(handle.db, { email: uniqueEmail(tag), name: tag, passwordHash: null, role: "member" });
  return user!;
}

export const REDIRECT = "http://127.0.0.1:4567/callback";

export async function makeClient(
  handle: DbHandle,
  metadata: Record<string, unknown> = {},
): Promise<{ client: OAuthClient; clientSecret?: string }> {
  return registerClient(
    handle,
    {
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      client_name: "Test client",
      ...metadata,
    },
    // A unique address per client keeps the registration rate limit out of unrelated tests.
    `198.51.100.${randomBytes(1)[0]}-${randomBytes(4).toString("hex")}`,
  );
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: s256(verifier) };
}

export async function makeCode(
  handle: DbHandle,
  client: OAuthClient,
  user: User,
  opts: { scopes?: string[]; now?: Date; redirectUri?: string; redirectUriGiven?: boolean } = {},
): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkce();
  const code = await issueAuthorizationCode(
    handle.db,
    {
      client,
      redirectUri: opts.redirectUri ?? REDIRECT,
      redirectUriGiven: opts.redirectUriGiven ?? true,
      codeChallenge: challenge,
      scopes: opts.scopes ?? ["mcp:tools"],
      resource: mcpResourceUrl(),
    },
    user.id,
    opts.now,
  );
  return { code, verifier };
}

export function form(entries: Record<string, string | undefined>): Map<string, string> {
  return new Map(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
}

export function codeForm(
  client: OAuthClient,
  code: string,
  verifier: string,
  extra: Record<string, string | undefined> = {},
) {
  return form({
    grant_type: "authorization_code",
    client_id: client.clientId,
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
    ...extra,
  });
}
