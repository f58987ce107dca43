// Turns a failed upstream call into a tool error that tells the user what to do — never the upstream's body, stack or secrets.
import { ProtocolError, ProtocolErrorCode } from "@modelcontextprotocol/client";
import type { CallToolResult } from "@modelcontextprotocol/server";
import type { McpServer } from "@/lib/db/schema";
import { toUpstreamError, type UpstreamFailure } from "@/lib/upstream/mcp-client";
import { strategyFor } from "@/lib/auth-types";

export type CallFailure = { kind: UpstreamFailure } | { kind: "rpc"; code: number };

export function classifyCallFailure(err: unknown, url: string): CallFailure {
  if (err instanceof ProtocolError) return { kind: "rpc", code: err.code };
  return { kind: toUpstreamError(err, url).kind };
}

/**
 * What went wrong with an upstream, in words for any caller: by kind only. UpstreamError messages name the upstream's
 * origin, which members may not see (their view of a server hides its URL); admins have the connection test.
 */
export function upstreamFailureSummary(kind: UpstreamFailure): string {
  switch (kind) {
    case "unauthorized":
      return "It rejected the credentials (HTTP 401).";
    case "forbidden":
      return "It refused access (HTTP 403).";
    case "timeout":
      return "It did not answer in time.";
    case "unreachable":
      return "It could not be reached.";
    case "blocked":
      return "Switchboard's network policy does not allow contacting it.";
    case "not_mcp":
      return "It does not answer like an MCP server.";
    case "protocol":
      return "It answered in a way Switchboard could not use.";
  }
}

export interface FailureContext {
  server: Pick<McpServer, "displayName" | "authType">;
  tool: string;
  timeoutMs: number;
  panelUrl(path: string): string;
}

export function failureMessage(f: CallFailure, c: FailureContext): string {
  const name = c.server.displayName;
  switch (f.kind) {
    case "unauthorized":
      return strategyFor(c.server).unauthorizedMessage(c.server, c.panelUrl);
    case "forbidden":
      return `${name} refused this call (HTTP 403): your account there may not be allowed to use ${c.tool}.`;
    case "timeout":
      return `${name} did not answer within ${Math.round(c.timeoutMs / 100) / 10} s. Try again later or with a smaller request; if it keeps happening, tell an admin.`;
    case "unreachable":
      return `${name} could not be reached. Try again later; if it persists, tell an admin.`;
    case "blocked":
      return `Switchboard's network policy does not allow contacting ${name}. An admin needs to check its URL.`;
    case "not_mcp":
    case "protocol":
      return `${name} answered in a way Switchboard could not understand. Try again later; if it persists, tell an admin.`;
    case "rpc":
      if (f.code === ProtocolErrorCode.InvalidParams) {
        return `${name} rejected the arguments for ${c.tool} (invalid params). Check them against the tool's input schema and try again.`;
      }
      return `${name} returned an error for ${c.tool} (JSON-RPC ${f.code}). Try again later; if it persists, tell an admin.`;
  }
}

export function toolError(message: string): CallToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}
