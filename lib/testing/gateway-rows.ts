// Test rows for gateway suites, written through the real queries: servers (with test defaults), selections and
// users' upstream OAuth tokens as the Connect flow stores them.
import type { Queryable } from "@/lib/db/connect";
import { insertMcpServer, type NewMcpServer } from "@/lib/db/queries/mcp-servers";
import { upsertUserServerSelection } from "@/lib/db/queries/user-server-selections";
import { getUserToken, upsertUserToken } from "@/lib/db/queries/mcp-server-user-tokens";
import type { McpServer, McpServerUserToken } from "@/lib/db/schema";
import { sealSecret } from "@/lib/crypto/instance-secrets";

export type TestServerInput = Partial<NewMcpServer> & { slug: string; url: string };

/** An enabled server named after its slug (prefix = slug) unless the input says otherwise. */
export async function insertTestServer(db: Queryable, input: TestServerInput): Promise<McpServer> {
  const row = await insertMcpServer(db, { displayName: input.slug, toolPrefix: input.slug, enabled: true, ...input });
  if (!row) throw new Error(`slug ${input.slug} is taken`);
  return row;
}

export const setTestSelection = (db: Queryable, userId: string, serverId: string, selected: boolean) =>
  upsertUserServerSelection(db, userId, serverId, selected);

/** A connected oauth2 account holding `accessToken` (no expiry, so no refresh is attempted). */
export async function connectTestAccount(
  db: Queryable,
  v: { userId: string; serverId: string; accessToken: string },
): Promise<void> {
  await upsertUserToken(db, v.serverId, v.userId, {
    accessTokenEncrypted: sealSecret(v.accessToken),
    refreshTokenEncrypted: null,
    tokenType: "Bearer",
    scope: null,
    expiresAt: null,
  });
}

export const getTestUserToken = (
  db: Queryable,
  userId: string,
  serverId: string,
): Promise<McpServerUserToken | undefined> => getUserToken(db, serverId, userId);
