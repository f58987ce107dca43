// tools/call through the gateway: resolve the name through the same catalog tools/list uses, unwrap model intent,
// call the upstream with the caller's credentials (timeout, progress relay), return its result unchanged, audit it.
import "server-only";
import {
  ProtocolError,
  ProtocolErrorCode,
  type CallToolRequestParams,
  type CallToolResult,
  type Server,
  type ServerContext,
} from "@modelcontextprotocol/server";
import type { GatewayRequest } from "@/lib/gateway/context";
import { buildCatalog, noteUnauthorized, type ExposedTool } from "@/lib/gateway/catalog";
import { auditToolCall } from "@/lib/gateway/audit";
import { classifyCallFailure, failureMessage, toolError } from "@/lib/gateway/call-errors";
import { unwrapArguments } from "@/lib/gateway/model-intent";
import { NAMESPACE_SEPARATOR, STATUS_TOOL_NAME } from "@/lib/gateway/naming";
import { buildStatus, statusResult } from "@/lib/gateway/status";

/** Exactly what an MCP server answers for a tool it does not have, so unavailable tools do not reveal that they exist. */
export function unknownTool(name: string): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InvalidParams, `Tool ${name} not found`);
}

export async function callTool(
  rq: GatewayRequest,
  params: CallToolRequestParams,
  ctx: ServerContext,
  server: Server,
): Promise<CallToolResult> {
  const started = performance.now();
  const name = params.name;
  const elapsed = () => performance.now() - started;

  if (name === STATUS_TOOL_NAME) {
    const result = statusResult(buildStatus(rq, await buildCatalog(rq)));
    auditToolCall(rq, { serverId: null, tool: name, outcome: "ok", durationMs: elapsed() });
    return result;
  }

  const catalog = await buildCatalog(rq, { forToolName: name });
  const exposed = catalog.byName.get(name);
  if (!exposed) {
    // A server the caller may use, whose prefix the name carries, but whose tool list could not be read right now:
    // say so instead of "not found" (this reveals nothing the status tool would not).
    const down = catalog.servers.find(
      (e) =>
        e.state.kind === "unreachable" &&
        e.server.toolPrefix &&
        name.startsWith(e.server.toolPrefix + NAMESPACE_SEPARATOR),
    );
    if (down && down.state.kind === "unreachable") {
      auditToolCall(rq, {
        serverId: down.server.id,
        tool: name,
        outcome: "upstream_error",
        durationMs: elapsed(),
        details: { error: down.state.failure },
      });
      return toolError(
        `${down.server.displayName} is unavailable right now (${down.state.message}) Try again later; if it persists, tell an admin.`,
      );
    }
    auditToolCall(rq, { serverId: null, tool: name, outcome: "denied", durationMs: elapsed() });
    throw unknownTool(name);
  }
  return callUpstream(rq, exposed, params, ctx, server, started);
}

async function callUpstream(
  rq: GatewayRequest,
  exposed: ExposedTool,
  params: CallToolRequestParams,
  ctx: ServerContext,
  server: Server,
  started: number,
): Promise<CallToolResult> {
  const s = exposed.entry.server;
  const { args, intent } = s.modelIntent
    ? unwrapArguments(params.arguments)
    : { args: params.arguments ?? {}, intent: null };
  const timeoutMs = s.callTimeoutMs ?? rq.deps.callTimeoutMs;
  const progressToken = ctx.mcpReq._meta?.progressToken;
  const base = {
    serverId: s.id,
    tool: exposed.name,
    intent,
    details: { server: s.slug, upstreamTool: exposed.upstream.name },
  };
  try {
    const result = (await rq.deps.pool.run(exposed.entry.target, (conn) =>
      conn.client.callTool(
        { name: exposed.upstream.name, arguments: args },
        {
          timeout: timeoutMs,
          signal: ctx.mcpReq.signal,
          onprogress:
            progressToken === undefined
              ? undefined
              : (p) => {
                  void ctx.mcpReq
                    .notify({ method: "notifications/progress", params: { ...p, progressToken } })
                    .catch(() => {});
                },
        },
      ),
    )) as CallToolResult;
    auditToolCall(rq, {
      ...base,
      outcome: result.isError ? "tool_error" : "ok",
      durationMs: performance.now() - started,
    });
    return server.projectCallToolResult(withoutUpstreamEnvelope(result), exposed.upstream.outputSchema);
  } catch (err) {
    const failure = classifyCallFailure(err, s.url);
    if (failure.kind === "unauthorized") await noteUnauthorized(rq, s, exposed.entry.target.headers);
    auditToolCall(rq, {
      ...base,
      outcome: "upstream_error",
      durationMs: performance.now() - started,
      details: { ...base.details, error: failure.kind === "rpc" ? `rpc:${failure.code}` : failure.kind },
    });
    return toolError(failureMessage(failure, { server: s, tool: exposed.name, timeoutMs, panelUrl: rq.deps.panelUrl }));
  }
}

/**
 * The upstream's reserved `io.modelcontextprotocol/*` result metadata (its server info, protocol envelope) describes
 * the upstream connection, not the result; the gateway answers with its own. Everything else passes unchanged.
 */
function withoutUpstreamEnvelope(result: CallToolResult): CallToolResult {
  if (!result._meta) return result;
  const meta = Object.fromEntries(
    Object.entries(result._meta).filter(([k]) => !k.startsWith("io.modelcontextprotocol/")),
  );
  const { _meta: _dropped, ...rest } = result;
  void _dropped;
  return Object.keys(meta).length ? { ...rest, _meta: meta } : rest;
}
