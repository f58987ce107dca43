// Queries on OAuth clients (registered, or cached client ID metadata documents).
import { and, count, eq, gt, isNull } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { oauthClients, type OAuthClient } from "@/lib/db/schema";

export type NewOAuthClient = Omit<typeof oauthClients.$inferInsert, "id" | "createdAt" | "updatedAt">;

export async function insertOAuthClient(db: Queryable, input: NewOAuthClient): Promise<OAuthClient> {
  const [row] = await db.insert(oauthClients).values(input).returning();
  return row!;
}

export async function getOAuthClientByClientId(db: Queryable, clientId: string): Promise<OAuthClient | undefined> {
  const [row] = await db.select().from(oauthClients).where(eq(oauthClients.clientId, clientId)).limit(1);
  return row;
}

export async function getOAuthClientById(db: Queryable, id: string): Promise<OAuthClient | undefined> {
  const [row] = await db.select().from(oauthClients).where(eq(oauthClients.id, id)).limit(1);
  return row;
}

/** Inserts or refreshes a metadata-document client (keyed by its URL), keeping its row id stable. */
export async function upsertMetadataDocumentClient(db: Queryable, input: NewOAuthClient): Promise<OAuthClient> {
  const { clientId, ...rest } = input;
  const [row] = await db
    .insert(oauthClients)
    .values(input)
    .onConflictDoUpdate({ target: oauthClients.clientId, set: { ...rest, updatedAt: new Date() } })
    .returning();
  if (row!.clientId !== clientId) throw new Error("unexpected client row");
  return row!;
}

/** Registrations from one address since a moment (registration rate limit); null counts the unknown-address bucket. */
export async function countOAuthClientsRegisteredSince(db: Queryable, ip: string | null, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(oauthClients)
    .where(
      and(
        eq(oauthClients.kind, "dynamic"),
        ip === null ? isNull(oauthClients.registrationIp) : eq(oauthClients.registrationIp, ip),
        gt(oauthClients.createdAt, since),
      ),
    );
  return row?.n ?? 0;
}
