// The app's gateway: one upstream pool and tool-list cache per process, wired to the app's database and settings.
import "server-only";
import { getDbHandle } from "@/lib/db/client";
import { appUrl } from "@/lib/env";
import { UpstreamPool } from "@/lib/upstream/pool";
import { ToolListCache } from "@/lib/upstream/tool-lists";
import { createGateway, type GatewayHandler } from "@/lib/gateway/mcp-handler";
import { markNeedsReconnect, resolveUpstreamCredentials } from "@/lib/auth-types/credentials";
import { TOOLS_PAGE_SIZE } from "@/lib/gateway/pagination";

export const DEFAULT_CALL_TIMEOUT_MS = 60_000;
export const LIST_TIMEOUT_MS = 10_000;

const key = Symbol.for("switchboard.gateway");
type Holder = { [key]?: GatewayHandler };
const holder = globalThis as Holder;

export function appGateway(): GatewayHandler {
  if (!holder[key]) {
    const toolLists = new ToolListCache();
    const pool = new UpstreamPool({ onToolListChanged: (serverId) => toolLists.invalidateServer(serverId) });
    holder[key] = createGateway({
      getHandle: getDbHandle,
      resolveCredentials: resolveUpstreamCredentials,
      markNeedsReconnect,
      pool,
      toolLists,
      panelUrl: (path) => appUrl(path),
      callTimeoutMs: DEFAULT_CALL_TIMEOUT_MS,
      listTimeoutMs: LIST_TIMEOUT_MS,
      pageSize: TOOLS_PAGE_SIZE,
    });
  }
  return holder[key];
}
