// The names clients see: `<toolPrefix>__<tool>`, shortened deterministically when longer than clients accept.
import { createHash } from "node:crypto";

/** The longest tool name many MCP clients and model APIs accept. */
export const MAX_TOOL_NAME_LENGTH = 64;
export const NAMESPACE_SEPARATOR = "__";
/** The gateway's own tool; no upstream tool may take this name. */
export const STATUS_TOOL_NAME = "switchboard__status";
const HASH_LENGTH = 8;

/**
 * The exposed name of an upstream tool. Names over the limit keep their beginning (so the prefix still shows which
 * server a tool belongs to) and end in `_` + a short hash of the full name, so distinct long names stay distinct.
 */
export function exposedToolName(prefix: string, tool: string): string {
  const full = prefix ? `${prefix}${NAMESPACE_SEPARATOR}${tool}` : tool;
  if (full.length <= MAX_TOOL_NAME_LENGTH) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, HASH_LENGTH);
  return `${full.slice(0, MAX_TOOL_NAME_LENGTH - HASH_LENGTH - 1)}_${hash}`;
}

/**
 * Whether a server with this prefix could have produced `name` — a cheap filter so tools/call only needs the tool
 * lists of servers that might own the name (collisions can only happen among those).
 */
export function couldBeExposedBy(prefix: string, name: string): boolean {
  if (!prefix) return true;
  const head = `${prefix}${NAMESPACE_SEPARATOR}`;
  const keptByShortening = MAX_TOOL_NAME_LENGTH - HASH_LENGTH - 1;
  if (head.length > keptByShortening) return name.startsWith(head.slice(0, keptByShortening));
  return name.startsWith(head);
}
