// The "Authorized apps" view of a user: the clients they approved, and revoking one (its grants and its consent).
import "server-only";
import type { DbHandle } from "@/lib/db/connect";
import { getOAuthClientById } from "@/lib/db/queries/oauth-clients";
import { deleteOAuthConsent } from "@/lib/db/queries/oauth-consents";
import { listAuthorizedAppsByUser, revokeOAuthGrantsForUserAndClient } from "@/lib/db/queries/oauth-grants";
import { recordAudit } from "@/lib/audit/record";
import { auditActor, type Principal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { clientDisplayName } from "@/lib/oauth-server/clients";
import { redirectTarget } from "@/lib/oauth-server/redirect-uris";
import { parseScope } from "@/lib/oauth-server/config";

export interface AuthorizedAppDto {
  id: string;
  clientId: string;
  name: string;
  /** Whether the client identified itself by a metadata document at its own URL (its host is verified). */
  verifiedHost: string | null;
  redirectHosts: string[];
  scopes: string[];
  approvedAt: string;
  lastUsedAt: string | null;
}

export async function listAuthorizedApps(handle: DbHandle, userId: string): Promise<AuthorizedAppDto[]> {
  const rows = await listAuthorizedAppsByUser(handle.db, userId);
  return rows.map(({ client, scope, approvedAt, lastUsedAt }) => ({
    id: client.id,
    clientId: client.clientId,
    name: clientDisplayName(client),
    verifiedHost: client.kind === "metadata_document" ? new URL(client.clientId).host : null,
    redirectHosts: [...new Set(client.redirectUris.map(redirectTarget))],
    scopes: parseScope(scope),
    approvedAt: approvedAt.toISOString(),
    lastUsedAt: lastUsedAt?.toISOString() ?? null,
  }));
}

/** Ends every grant the user gave this client and forgets the consent (the next connection asks again); audited with it. */
export async function revokeAuthorizedApp(
  handle: DbHandle,
  principal: Principal,
  oauthClientId: string,
  ip: string | null,
): Promise<void> {
  const client = await getOAuthClientById(handle.db, oauthClientId);
  if (!client) throw notFound("Authorized app");
  await handle.db.transaction(async (tx) => {
    const consent = await deleteOAuthConsent(tx, principal.user.id, client.id);
    const grants = await revokeOAuthGrantsForUserAndClient(tx, principal.user.id, client.id, "user");
    if (!consent && grants === 0) throw notFound("Authorized app");
    await recordAudit(
      {
        kind: "oauth.app_revoked",
        ...auditActor(principal),
        targetType: "oauth_client",
        targetId: client.clientId,
        ip,
        details: { clientName: client.clientName, grantsRevoked: grants },
      },
      tx,
    );
  });
}
