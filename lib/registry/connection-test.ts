// The admin's connection test: reach the upstream with the admin's own credentials, list every tool, and preview
// exactly what clients will get (exposed names, allow/deny decisions). Failures are results, never exceptions.
import "server-only";
import type { DbHandle } from "@/lib/db/connect";
import type { McpServer, User } from "@/lib/db/schema";
import { strategyFor } from "@/lib/auth-types";
import { resolveUpstreamCredentials } from "@/lib/auth-types/credentials";
import { connectUpstream, listAllTools, UpstreamError, type UpstreamFailure } from "@/lib/upstream/mcp-client";
import { exposedToolName, toolExposure } from "@/lib/registry/tool-policy";
import { log, describeError } from "@/lib/log";

export interface ToolPreview {
  name: string;
  title: string | null;
  description: string | null;
  exposedAs: string;
  exposed: boolean;
  reason: string | null;
}

export type ConnectionTestResult =
  | {
      ok: true;
      latencyMs: number;
      serverInfo: { name: string; version: string } | null;
      protocolVersion: string | null;
      era: "modern" | "legacy";
      tools: ToolPreview[];
    }
  | {
      ok: false;
      latencyMs: number;
      /** What went wrong, readable and secret-free. */
      reason: string;
      kind: UpstreamFailure | "needs_connect" | "needs_oidc_sign_in" | "misconfigured" | "internal";
    };

const REASONS = { denied: "In the deny list.", not_allowed: "Not in the allow list." } as const;

export function previewTools(
  server: McpServer,
  tools: Array<{ name: string; title?: string; description?: string }>,
): ToolPreview[] {
  return tools.map((t) => {
    const decision = toolExposure(server, t.name);
    return {
      name: t.name,
      title: t.title ?? null,
      description: t.description ?? null,
      exposedAs: exposedToolName(server, t.name),
      exposed: decision.exposed,
      reason: decision.reason ? REASONS[decision.reason] : null,
    };
  });
}

export async function testServerConnection(
  handle: DbHandle,
  user: User,
  server: McpServer,
): Promise<ConnectionTestResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const credentials = await resolveUpstreamCredentials(handle, user, server);
  if (!credentials.ok) {
    const kind =
      credentials.state === "needs_oidc_sign_in"
        ? "needs_oidc_sign_in"
        : credentials.state === "unavailable"
          ? "misconfigured"
          : "needs_connect";
    const reason =
      kind === "needs_connect"
        ? `The test uses your own ${server.displayName} account, which is ${credentials.state === "needs_reconnect" ? "no longer usable" : "not connected"}: connect it first (on this server's page or on Connections), then test again.`
        : credentials.message;
    return { ok: false, latencyMs: elapsed(), reason, kind };
  }
  let conn;
  try {
    conn = await connectUpstream({ url: server.url, transport: server.transport, headers: credentials.headers });
    const tools = await listAllTools(conn);
    return {
      ok: true,
      latencyMs: elapsed(),
      serverInfo: conn.serverInfo ?? null,
      protocolVersion: conn.protocolVersion ?? null,
      era: conn.era,
      tools: previewTools(server, tools),
    };
  } catch (err) {
    if (err instanceof UpstreamError) {
      const reason =
        err.kind === "unauthorized" && strategyFor(server).credential !== "shared"
          ? `${err.message} Your token was refused: reconnect ${server.displayName} and test again.`
          : err.kind === "unauthorized"
            ? `${err.message} Check the configured credentials.`
            : err.message;
      return { ok: false, latencyMs: elapsed(), reason, kind: err.kind };
    }
    log.error("connection test failed unexpectedly", { serverId: server.id, error: describeError(err) });
    return {
      ok: false,
      latencyMs: elapsed(),
      reason: "The test failed unexpectedly; the server log has details.",
      kind: "internal",
    };
  } finally {
    await conn?.close();
  }
}
