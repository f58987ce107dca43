// The availability policy: which registered servers and tools a caller may see and call. tools/list, tools/call and
// the status tool all decide through these functions, so what is callable is exactly what is listable.
import type { McpServer } from "@/lib/db/schema";
import { toolExposure } from "@/lib/registry/tool-policy";

/** How this MCP connection asked to be served (from its URL and headers). */
export interface GatewayMode {
  planMode: boolean;
  /** `?servers=a,b`: opts into those default_off servers and restricts the set to them plus force_on; null when absent. */
  requestedSlugs: ReadonlySet<string> | null;
}

/** Why a server contributes nothing, before credentials are considered. */
export type Exclusion = "disabled" | "opted_out" | "not_opted_in" | "not_requested" | "plan_mode";

export type PolicyServer = Pick<McpServer, "slug" | "enabled" | "availability" | "allowInPlanMode">;

/**
 * Null when the server is selected for this caller and request; otherwise the first reason it is not.
 * `selected` is the user's own choice (true = opted in, false = opted out, null = never chose).
 */
export function serverExclusion(server: PolicyServer, selected: boolean | null, mode: GatewayMode): Exclusion | null {
  if (!server.enabled) return "disabled";
  const named = mode.requestedSlugs?.has(server.slug) ?? false;
  switch (server.availability) {
    case "force_on":
      break;
    case "default_on":
      if (mode.requestedSlugs) {
        if (!named) return "not_requested";
      } else if (selected === false) return "opted_out";
      break;
    case "default_off":
      if (mode.requestedSlugs) {
        if (!named) return "not_requested";
      } else if (selected !== true) return "not_opted_in";
      break;
  }
  if (mode.planMode && !server.allowInPlanMode) return "plan_mode";
  return null;
}

/**
 * The allow/deny lists (deny wins; an empty allow list allows every tool), decided by the registry's rule so that
 * the admin's connection-test preview and the gateway can never disagree. Names are the upstream's own.
 */
export function isToolAllowed(server: Pick<McpServer, "toolAllowList" | "toolDenyList">, tool: string): boolean {
  return toolExposure(server, tool).exposed;
}

const SLUG = /^[a-z0-9-]{1,32}$/;

export class GatewayModeError extends Error {
  override name = "GatewayModeError";
}

/** Reads plan mode (`?mode=plan` or `X-Switchboard-Mode: plan`) and `?servers=`; throws GatewayModeError on bad values. */
export function parseGatewayMode(req: Request): GatewayMode {
  const url = new URL(req.url);
  const modes = [url.searchParams.get("mode"), req.headers.get("x-switchboard-mode")]
    .filter((v): v is string => v !== null)
    .map((v) => v.trim().toLowerCase());
  for (const m of modes) {
    if (m !== "plan" && m !== "default" && m !== "")
      throw new GatewayModeError(`Unknown mode "${m.slice(0, 40)}": use "plan" or leave it out.`);
  }
  const servers = url.searchParams.get("servers");
  let requestedSlugs: Set<string> | null = null;
  if (servers !== null && servers.trim() !== "") {
    const slugs = servers
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    const bad = slugs.find((s) => !SLUG.test(s));
    if (bad !== undefined)
      throw new GatewayModeError(
        `"servers" must be a comma-separated list of server slugs; "${bad.slice(0, 40)}" is not one.`,
      );
    requestedSlugs = new Set(slugs);
  }
  return { planMode: modes.includes("plan"), requestedSlugs };
}
