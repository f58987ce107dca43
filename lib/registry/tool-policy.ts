// How a server's tools are exposed: the name clients see (prefix + "__" + tool) and the allow/deny decision (deny wins).
import type { McpServer } from "@/lib/db/schema";
import { exposedToolName as gatewayToolName, NAMESPACE_SEPARATOR } from "@/lib/gateway/naming";

export const TOOL_NAME_SEPARATOR = NAMESPACE_SEPARATOR;

/** The gateway's own naming (including the deterministic shortening of names over 64 characters). */
export function exposedToolName(server: Pick<McpServer, "toolPrefix">, tool: string): string {
  return gatewayToolName(server.toolPrefix, tool);
}

export type ToolExposure = { exposed: true; reason: null } | { exposed: false; reason: "denied" | "not_allowed" };

/** Deny list first; an empty allow list allows every tool. */
export function toolExposure(server: Pick<McpServer, "toolAllowList" | "toolDenyList">, tool: string): ToolExposure {
  if (server.toolDenyList.includes(tool)) return { exposed: false, reason: "denied" };
  if (server.toolAllowList.length > 0 && !server.toolAllowList.includes(tool))
    return { exposed: false, reason: "not_allowed" };
  return { exposed: true, reason: null };
}
