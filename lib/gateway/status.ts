// The built-in `switchboard__status` tool: tells the caller (and its agent) which servers it can use, and what to do
// about the others — connect, reconnect, opt in, or wait for an unreachable upstream.
import type { CallToolResult, Tool } from "@modelcontextprotocol/server";
import type { Catalog, ServerEntry } from "@/lib/gateway/catalog";
import type { GatewayRequest } from "@/lib/gateway/context";
import { STATUS_TOOL_NAME } from "@/lib/gateway/naming";

export const statusTool: Tool = {
  name: STATUS_TOOL_NAME,
  title: "Switchboard status",
  description:
    "Lists the MCP servers available to you through Switchboard and the state of each: available, not connected " +
    "(with the link where your user can connect it), needs reconnect, excluded in plan mode, opted out, or " +
    "unreachable (with the last error), plus any tools that were skipped and why. Call it when a tool you expect is missing.",
  inputSchema: { type: "object", properties: {} },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
};

export type StatusState =
  | "available"
  | "not_connected"
  | "needs_reconnect"
  | "needs_oidc_sign_in"
  | "credentials_unavailable"
  | "excluded_by_plan_mode"
  | "opted_out"
  | "not_opted_in"
  | "not_requested"
  | "unreachable";

export interface StatusServer {
  name: string;
  slug: string;
  description: string;
  state: StatusState;
  tools?: number;
  /** What the user (or an admin) can do about it. */
  action?: string;
  /** Where to do it. */
  url?: string;
  lastError?: string;
}

export interface StatusReport {
  /** Who this connection acts as, and how it authenticated. */
  user: { id: string; email: string; name: string };
  via: "oauth" | "pat" | "session";
  /** The OAuth client this connection uses (via = oauth). */
  clientId?: string;
  planMode: boolean;
  servers: StatusServer[];
  skippedTools: Array<{ server: string; tool: string; exposedAs: string; reason: string }>;
}

function describe(rq: GatewayRequest, e: ServerEntry): StatusServer | null {
  const s = e.server;
  const base = { name: s.displayName, slug: s.slug, description: s.description };
  const connections = rq.deps.panelUrl("/connections");
  const st = e.state;
  switch (st.kind) {
    case "available":
      return { ...base, state: "available", tools: st.toolCount };
    case "not_examined":
      return null;
    case "unreachable":
      return {
        ...base,
        state: "unreachable",
        lastError: st.message,
        action: "Try again later; if it persists, tell an admin.",
      };
    case "credentials":
      switch (st.problem) {
        case "not_connected":
          return {
            ...base,
            state: "not_connected",
            action: `Ask the user to connect ${s.displayName} in Switchboard.`,
            url: connections,
          };
        case "needs_reconnect":
          return {
            ...base,
            state: "needs_reconnect",
            action: `Ask the user to reconnect ${s.displayName} in Switchboard.`,
            url: connections,
          };
        case "needs_oidc_sign_in":
          return {
            ...base,
            state: "needs_oidc_sign_in",
            action: "Ask the user to sign in to Switchboard through the identity provider.",
            url: rq.deps.panelUrl("/login"),
          };
        case "unavailable":
          return { ...base, state: "credentials_unavailable", lastError: st.message, action: "Try again later." };
      }
      return null;
    case "excluded":
      switch (st.reason) {
        case "disabled":
          return null;
        case "plan_mode":
          return {
            ...base,
            state: "excluded_by_plan_mode",
            action: "An admin has not approved this server for plan mode; leave plan mode to use it.",
          };
        case "opted_out":
          return {
            ...base,
            state: "opted_out",
            action: `The user turned ${s.displayName} off; they can turn it back on in Switchboard.`,
            url: connections,
          };
        case "not_opted_in":
          return {
            ...base,
            state: "not_opted_in",
            action: `Optional server: the user can turn it on in Switchboard, or the client can add ?servers=${s.slug} to the MCP URL.`,
            url: connections,
          };
        case "not_requested":
          return {
            ...base,
            state: "not_requested",
            action: `This connection's ?servers= list does not name ${s.slug}.`,
          };
      }
  }
}

export function buildStatus(rq: GatewayRequest, catalog: Catalog): StatusReport {
  const { user, via } = rq.principal;
  return {
    user: { id: user.id, email: user.email, name: user.name },
    via: via.kind,
    ...(via.kind === "oauth" ? { clientId: via.clientId } : {}),
    planMode: rq.mode.planMode,
    servers: catalog.servers.map((e) => describe(rq, e)).filter((s): s is StatusServer => s !== null),
    skippedTools: catalog.skipped.map(({ server, tool, exposedAs, reason }) => ({ server, tool, exposedAs, reason })),
  };
}

function line(s: StatusServer): string {
  const parts = [`- ${s.name} (${s.slug}): ${s.state.replaceAll("_", " ")}`];
  if (s.tools !== undefined) parts.push(` — ${s.tools} tool${s.tools === 1 ? "" : "s"}`);
  if (s.lastError) parts.push(` — last error: ${s.lastError}`);
  if (s.action) parts.push(` — ${s.action}`);
  if (s.url) parts.push(` ${s.url}`);
  return parts.join("");
}

export function statusResult(report: StatusReport): CallToolResult {
  const lines = [`Switchboard status for ${report.user.email}${report.planMode ? " (plan mode)" : ""}:`];
  if (report.servers.length === 0) lines.push("- No servers are enabled for you yet; ask an admin to register some.");
  lines.push(...report.servers.map(line));
  if (report.skippedTools.length) {
    lines.push("Skipped tools:");
    for (const t of report.skippedTools) lines.push(`- ${t.tool} from ${t.server}: ${t.reason}`);
  }
  return {
    content: [{ type: "text", text: lines.join("\n") }],
    structuredContent: report as unknown as Record<string, unknown>,
  };
}
