// Personal access tokens: minted once ("sb_pat_" + 32 random bytes), stored as SHA-256, verified by hash.
import "server-only";
import { randomToken, sha256Hex } from "@/lib/crypto/hash";
import type { Queryable } from "@/lib/db/connect";
import {
  getPersonalAccessTokenWithUserByHash,
  insertPersonalAccessToken,
  touchPersonalAccessToken,
} from "@/lib/db/queries/personal-access-tokens";
import type { PersonalAccessToken, User } from "@/lib/db/schema";

export const PAT_PREFIX = "sb_pat_";

export function looksLikePersonalAccessToken(token: string): boolean {
  return token.startsWith(PAT_PREFIX);
}

export async function createPersonalAccessToken(
  db: Queryable,
  userId: string,
  name: string,
  expiresInDays: number | undefined,
  now = new Date(),
): Promise<{ row: PersonalAccessToken; token: string }> {
  const token = randomToken(PAT_PREFIX, 32);
  const expiresAt = expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null;
  const row = await insertPersonalAccessToken(db, { userId, name, tokenHash: sha256Hex(token), expiresAt });
  return { row, token };
}

/** The token's owner when the token exists, has not expired and the user is enabled; otherwise undefined. */
export async function verifyPersonalAccessToken(
  db: Queryable,
  token: string,
  now = new Date(),
): Promise<{ user: User; tokenId: string } | undefined> {
  if (!looksLikePersonalAccessToken(token)) return undefined;
  const found = await getPersonalAccessTokenWithUserByHash(db, sha256Hex(token));
  if (!found) return undefined;
  if (found.token.expiresAt && found.token.expiresAt <= now) return undefined;
  if (found.user.disabled) return undefined;
  // The query itself is throttled; skipping it when the row is fresh saves a round trip on every MCP request.
  const last = found.token.lastUsedAt;
  if (!last || now.getTime() - last.getTime() >= 60_000) await touchPersonalAccessToken(db, found.token.id, now);
  return { user: found.user, tokenId: found.token.id };
}

export function toTokenDto(row: PersonalAccessToken) {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
