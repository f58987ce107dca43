// Registry actions: create, edit, delete, re-discover and test servers — validation, OAuth discovery, transactions and audit.
import "server-only";
import type { DbHandle, Queryable } from "@/lib/db/connect";
import type { McpServer } from "@/lib/db/schema";
import {
  deleteMcpServer,
  getMcpServerById,
  getMcpServerBySlug,
  insertMcpServer,
  updateMcpServer,
  type NewMcpServer,
} from "@/lib/db/queries/mcp-servers";
import { deleteUserTokensForServer } from "@/lib/db/queries/mcp-server-user-tokens";
import { isUniqueViolation } from "@/lib/db/errors";
import { sealOptional } from "@/lib/crypto/instance-secrets";
import { AppError, badRequest, conflict, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import { auditActor, type Principal } from "@/lib/auth/principal";
import { planServerWrite } from "@/lib/registry/server-config";
import type { ServerFields } from "@/lib/server-input/schemas";
import { DiscoveryError, discoverAndRegister, type DiscoveryResult } from "@/lib/upstream/oauth-discovery";
import { testServerConnection, type ConnectionTestResult } from "@/lib/registry/connection-test";
import { callbackUrlFor, clientMetadataUrlFor } from "@/lib/upstream/oauth-client-urls";

const slugTaken = () =>
  conflict("Another server already uses this slug.", { slug: "Already in use; choose another slug." });

/** Options that tests use to reach loopback fixtures under a hardened address policy, and the like. */
export interface RegistryOptions {
  denyPrivate?: boolean;
}

function discoveredColumns(result: DiscoveryResult, requestedScopes: string | null): Partial<NewMcpServer> {
  return {
    oauth2ClientId: result.clientId,
    oauth2ClientSecretEncrypted: sealOptional(result.clientSecret),
    oauth2AuthUrl: result.authorizationEndpoint,
    oauth2TokenUrl: result.tokenEndpoint,
    oauth2Scopes: requestedScopes ?? result.scopes,
    oauth2Issuer: result.issuer,
    oauth2Resource: result.resource,
    oauth2RevocationUrl: result.revocationEndpoint,
    oauth2Registration: result.registration,
    oauth2TokenEndpointAuthMethod: result.tokenEndpointAuthMethod,
    oauth2IssParameterSupported: result.issParameterSupported,
  };
}

async function discoverFor(
  server: Pick<McpServer, "id" | "url" | "transport" | "skipIssuerMetadataValidation">,
  scopes: string | null,
  opts: RegistryOptions,
) {
  return discoverAndRegister({
    serverUrl: server.url,
    transport: server.transport,
    callbackUrl: callbackUrlFor(server.id),
    clientMetadataUrl: clientMetadataUrlFor(server.id),
    scopes,
    skipIssuerMetadataValidation: server.skipIssuerMetadataValidation,
    denyPrivate: opts.denyPrivate,
  });
}

function discoveryFailed(err: unknown): AppError {
  if (err instanceof DiscoveryError)
    return badRequest(`OAuth auto-discovery failed at step "${err.step}": ${err.message}`);
  throw err;
}

export async function createServer(
  handle: DbHandle,
  actor: Principal,
  input: ServerFields,
  opts: RegistryOptions = {},
): Promise<McpServer> {
  const plan = planServerWrite(undefined, input);
  const values = { ...plan.values, createdBy: actor.user.id, updatedBy: actor.user.id } as NewMcpServer;
  if (!plan.discover) {
    return handle.db.transaction(async (tx) => {
      const row = await insertMcpServer(tx, values);
      if (!row) throw slugTaken();
      await recordAudit(
        {
          kind: "server.created",
          ...auditActor(actor),
          targetType: "mcp_server",
          targetId: row.id,
          serverId: row.id,
          details: { changed: plan.changed },
        },
        tx,
      );
      return row;
    });
  }
  // Discovery needs the id (the callback URL names it): insert disabled, discover, then complete or remove the row.
  const pending = await insertMcpServer(handle.db, { ...values, enabled: false });
  if (!pending) throw slugTaken();
  let result: DiscoveryResult;
  try {
    result = await discoverFor(pending, values.oauth2Scopes ?? null, opts);
  } catch (err) {
    await deleteMcpServer(handle.db, pending.id);
    const failure = discoveryFailed(err);
    await recordAudit(
      {
        kind: "server.discovery_failed",
        ...auditActor(actor),
        targetType: "mcp_server",
        outcome: "failure",
        details: { slug: pending.slug, step: (err as DiscoveryError).step },
      },
      handle.db,
    );
    throw failure;
  }
  return handle.db.transaction(async (tx) => {
    const row = await updateMcpServer(tx, pending.id, {
      ...discoveredColumns(result, values.oauth2Scopes ?? null),
      enabled: values.enabled ?? false,
    });
    if (!row) throw notFound("Server");
    await recordAudit(
      {
        kind: "server.created",
        ...auditActor(actor),
        targetType: "mcp_server",
        targetId: row.id,
        serverId: row.id,
        details: { changed: plan.changed, discovered: { issuer: result.issuer, registration: result.registration } },
      },
      tx,
    );
    return row;
  });
}

export async function updateServer(
  handle: DbHandle,
  actor: Principal,
  id: string,
  input: ServerFields,
  opts: RegistryOptions = {},
): Promise<McpServer> {
  const existing = await getMcpServerById(handle.db, id);
  if (!existing) throw notFound("Server");
  const plan = planServerWrite(existing, input);
  if (plan.values.slug !== undefined) {
    const other = await getMcpServerBySlug(handle.db, plan.values.slug);
    if (other && other.id !== id) throw slugTaken();
  }
  const values: Partial<NewMcpServer> = { ...plan.values, updatedBy: actor.user.id };
  let discovered: DiscoveryResult | undefined;
  if (plan.discover) {
    const target = { ...existing, ...values } as McpServer;
    try {
      discovered = await discoverFor(target, target.oauth2Scopes ?? null, opts);
    } catch (err) {
      throw discoveryFailed(err);
    }
    Object.assign(values, discoveredColumns(discovered, target.oauth2Scopes ?? null));
  }
  const dropTokens = plan.dropUserTokens;
  try {
    return await handle.db.transaction(async (tx) => {
      const row = await updateMcpServer(tx, id, values);
      if (!row) throw notFound("Server");
      if (dropTokens) await deleteUserTokensForServer(tx, id);
      await recordAudit(
        {
          kind: "server.updated",
          ...auditActor(actor),
          targetType: "mcp_server",
          targetId: id,
          serverId: id,
          details: {
            changed: plan.changed,
            ...(plan.cleared.length ? { cleared: plan.cleared } : {}),
            ...(discovered ? { discovered: { issuer: discovered.issuer, registration: discovered.registration } } : {}),
            ...(dropTokens ? { userTokensRemoved: true } : {}),
          },
        },
        tx,
      );
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken();
    throw err;
  }
}

export async function deleteServer(handle: DbHandle, actor: Principal, id: string): Promise<void> {
  await handle.db.transaction(async (tx) => {
    const row = await deleteMcpServer(tx, id);
    if (!row) throw notFound("Server");
    await recordAudit(
      {
        kind: "server.deleted",
        ...auditActor(actor),
        targetType: "mcp_server",
        targetId: id,
        serverId: id,
        details: { slug: row.slug, displayName: row.displayName },
      },
      tx,
    );
  });
}

/** Runs discovery and registration again for an oauth2 server (e.g. after the upstream moved its authorization server). */
export async function rediscoverServer(
  handle: DbHandle,
  actor: Principal,
  id: string,
  scopes: string | null | undefined,
  opts: RegistryOptions = {},
): Promise<McpServer> {
  const existing = await getMcpServerById(handle.db, id);
  if (!existing) throw notFound("Server");
  if (existing.authType !== "oauth2")
    throw badRequest("Only servers with auth type oauth2 can be discovered.", { authType: "Not oauth2." });
  const requested = scopes === undefined ? existing.oauth2Scopes : scopes;
  let result: DiscoveryResult;
  try {
    result = await discoverFor(existing, requested ?? null, opts);
  } catch (err) {
    await recordAudit(
      {
        kind: "server.discovery_failed",
        ...auditActor(actor),
        targetType: "mcp_server",
        targetId: id,
        serverId: id,
        outcome: "failure",
        details: { step: (err as DiscoveryError).step },
      },
      handle.db,
    );
    throw discoveryFailed(err);
  }
  return handle.db.transaction(async (tx) => {
    const row = await updateMcpServer(tx, id, {
      ...discoveredColumns(result, requested ?? null),
      updatedBy: actor.user.id,
    });
    if (!row) throw notFound("Server");
    await deleteUserTokensForServer(tx, id);
    await recordAudit(
      {
        kind: "server.discovered",
        ...auditActor(actor),
        targetType: "mcp_server",
        targetId: id,
        serverId: id,
        details: {
          changed: ["oauth2ClientId", "oauth2ClientSecret", "oauth2AuthUrl", "oauth2TokenUrl", "oauth2Scopes"],
          issuer: result.issuer,
          registration: result.registration,
          userTokensRemoved: true,
        },
      },
      tx,
    );
    return row;
  });
}

/** The server as the viewer may see it: admins see every server, members only enabled ones (others are 404). */
export async function getVisibleServer(db: Queryable, viewer: { role: string }, id: string): Promise<McpServer> {
  const row = await getMcpServerById(db, id);
  if (!row || (!row.enabled && viewer.role !== "admin")) throw notFound("Server");
  return row;
}

/** An admin's connection test of a server with their own credentials: the tools clients would get; audited. */
export async function testServer(handle: DbHandle, actor: Principal, id: string): Promise<ConnectionTestResult> {
  const server = await getVisibleServer(handle.db, actor.user, id);
  const result = await testServerConnection(handle, actor.user, server);
  await recordAudit(
    {
      kind: "server.tested",
      ...auditActor(actor),
      targetType: "mcp_server",
      targetId: id,
      serverId: id,
      outcome: result.ok ? "ok" : "failure",
      durationMs: result.latencyMs,
      details: result.ok ? { tools: result.tools.length } : { kind: result.kind },
    },
    handle.db,
  );
  return result;
}
