// Personal access tokens: minted once ("sb_pat_" + 32 random bytes), stored as SHA-256, verified by hash; a user
// creates, lists and revokes their own (each write audited in the same transaction).
import "server-only";
import { z } from "zod";
import { randomToken, sha256Hex } from "@/lib/crypto/hash";
import type { DbHandle, Queryable } from "@/lib/db/connect";
import {
  deletePersonalAccessToken,
  getPersonalAccessTokenWithUserByHash,
  insertPersonalAccessToken,
  listPersonalAccessTokensByUser,
  touchPersonalAccessToken,
} from "@/lib/db/queries/personal-access-tokens";
import type { PersonalAccessToken, User } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { auditActor, type Principal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";

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

export interface TokenDto {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** The answer to creating a token: the only time the token itself is shown. */
export interface NewTokenDto extends Omit<TokenDto, "lastUsedAt"> {
  token: string;
}

export function toTokenDto(row: PersonalAccessToken): TokenDto {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export const createTokenInput = z
  .object({
    name: z.string().trim().min(1, "Enter a name.").max(100, "At most 100 characters."),
    expiresInDays: z
      .number()
      .int("Whole days only.")
      .min(1, "At least 1 day.")
      .max(3650, "At most 3650 days.")
      .optional(),
  })
  .strict();

export async function listTokens(handle: DbHandle, userId: string): Promise<TokenDto[]> {
  return (await listPersonalAccessTokensByUser(handle.db, userId)).map(toTokenDto);
}

/** Creates a token for the caller; the row and its audit event are written together or not at all. */
export async function issueToken(
  handle: DbHandle,
  actor: Principal,
  input: z.output<typeof createTokenInput>,
): Promise<NewTokenDto> {
  return handle.db.transaction(async (tx) => {
    const { row, token } = await createPersonalAccessToken(tx, actor.user.id, input.name, input.expiresInDays);
    await recordAudit(
      {
        kind: "token.created",
        ...auditActor(actor),
        targetType: "personal_access_token",
        targetId: row.id,
        details: { name: row.name },
      },
      tx,
    );
    const { id, name, createdAt, expiresAt } = toTokenDto(row);
    return { id, name, token, createdAt, expiresAt };
  });
}

/** Revokes one of the caller's own tokens (another user's is "not found"), audited in the same transaction. */
export async function revokeToken(handle: DbHandle, actor: Principal, id: string): Promise<void> {
  await handle.db.transaction(async (tx) => {
    const removed = await deletePersonalAccessToken(tx, actor.user.id, id);
    if (!removed) throw notFound("Token");
    await recordAudit(
      {
        kind: "token.revoked",
        ...auditActor(actor),
        targetType: "personal_access_token",
        targetId: id,
        details: { name: removed.name },
      },
      tx,
    );
  });
}
