// Connects to an upstream MCP server in whichever protocol era it speaks, and reads its whole tool list.
import "server-only";
import { createHash } from "node:crypto";
import {
  Client,
  ProtocolError,
  SdkError,
  SdkErrorCode,
  SSEClientTransport,
  StreamableHTTPClientTransport,
  UnauthorizedError,
  type DiscoverResult,
  type Tool,
} from "@modelcontextprotocol/client";
import { guardedFetch, outboundCause } from "@/lib/net/safe-fetch";
import type { Transport } from "@/lib/db/schema";
import { PER_REQUEST_HEADERS } from "@/lib/upstream/identity-headers";

export const CONNECT_TIMEOUT_MS = 10_000;
const CLIENT_INFO = { name: "switchboard", version: "0.1.0" };
/** Upper bound on pages read from one upstream's tools/list, against servers that never stop paginating. */
const MAX_LIST_PAGES = 100;

export interface UpstreamTarget {
  url: string;
  transport: Transport;
  /** Exactly the headers to send upstream (credentials included); never the caller's own Switchboard token. */
  headers: Record<string, string>;
}

/** The headers that identify the credential: per-request ones (the identity token) keep their name, not their value. */
export function credentialHeaders(headers: Record<string, string>): Array<[string, string]> {
  return Object.entries(headers)
    .map(([k, v]): [string, string] => [
      k.toLowerCase(),
      PER_REQUEST_HEADERS.has(k.toLowerCase()) ? "(per request)" : v,
    ])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface ConnectOptions {
  timeoutMs?: number;
  /** Called when the upstream announces `notifications/tools/list_changed` (legacy GET stream or modern listen stream). */
  onToolListChanged?: () => void;
}

export interface UpstreamConnection {
  url: string;
  client: Client;
  era: "modern" | "legacy";
  protocolVersion: string | undefined;
  serverInfo: { name: string; version: string } | undefined;
  /** Connected from a remembered discover result (no probe): if the upstream changed, the first request fails. */
  fromPriorDiscovery: boolean;
  /** Headers for the requests from now on: the same credential, with this request's per-request headers. */
  useHeaders(headers: Record<string, string>): void;
  /** Starts listening for tools/list_changed on a 2026-07-28 connection (idempotent; called after the first list). */
  watchToolList(): void;
  /** True once the transport closed (the upstream hung up or close() was called): the connection is unusable. */
  isClosed(): boolean;
  close(): Promise<void>;
}

export type UpstreamFailure =
  "unauthorized" | "forbidden" | "unreachable" | "timeout" | "blocked" | "not_mcp" | "protocol";

/** A failure talking to an upstream, with a message safe to show (no bodies, headers or secrets). */
export class UpstreamError extends Error {
  override name = "UpstreamError";
  constructor(
    readonly kind: UpstreamFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

// Servers found to speak only the 2025 era skip the 2026-07-28 probe next time (and dodge typescript-sdk #2619).
const legacyUrls = new Set<string>();

// Discover results of 2026-07-28 upstreams per (URL, credentials), so a new client to the same upstream adopts it with
// zero round trips (the SDK's `prior`); kept per credential because capabilities may differ per authorization.
const DISCOVERY_TTL_MS = 10 * 60_000;
const discoveries = new Map<string, { url: string; result: DiscoverResult; at: number }>();

function discoveryKey(t: UpstreamTarget): string {
  return createHash("sha256")
    .update(JSON.stringify([t.url, credentialHeaders(t.headers)]))
    .digest("base64url");
}

/**
 * The transport sends `live.headers` on every HTTP request, so a pooled connection carries the per-request headers of
 * the request it is serving now (a fresh identity token), not those it was opened with.
 */
function makeTransport(target: UpstreamTarget, live: { headers: Record<string, string> }) {
  const url = new URL(target.url);
  const guarded = guardedFetch({ maxBytes: null, timeoutMs: 5 * 60_000 });
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(input instanceof Request ? input.headers : undefined);
    new Headers(init?.headers).forEach((v, k) => headers.set(k, v));
    for (const [k, v] of Object.entries(live.headers)) headers.set(k, v);
    return guarded(input, { ...init, headers });
  };
  const requestInit = { headers: target.headers };
  return target.transport === "sse"
    ? new SSEClientTransport(url, { requestInit, fetch, redirectPolicy: "same-origin" })
    : new StreamableHTTPClientTransport(url, { requestInit, fetch, redirectPolicy: "same-origin" });
}

function httpStatusOf(err: unknown): number | undefined {
  let e: unknown = err;
  for (let i = 0; i < 5 && e; i++) {
    const status = (e as { status?: unknown }).status ?? (e as { code?: unknown }).code;
    if (typeof status === "number" && status >= 100 && status < 600) return status;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps whatever the SDK or the network threw to an UpstreamError with a readable, secret-free message. */
export function toUpstreamError(err: unknown, url: string): UpstreamError {
  if (err instanceof UpstreamError) return err;
  const origin = new URL(url).origin;
  if (err instanceof UnauthorizedError)
    return new UpstreamError("unauthorized", `${origin} rejected the credentials (401).`, 401);
  const outbound = outboundCause(err);
  if (outbound) {
    if (outbound.reason === "timeout") return new UpstreamError("timeout", `${origin} did not answer in time.`);
    if (outbound.reason === "blocked" || outbound.reason === "invalid_url" || outbound.reason === "redirect") {
      return new UpstreamError("blocked", outbound.message);
    }
    return new UpstreamError("unreachable", `${origin} could not be reached.`);
  }
  const status = httpStatusOf(err);
  if (status === 401) return new UpstreamError("unauthorized", `${origin} rejected the credentials (401).`, 401);
  if (status === 403) return new UpstreamError("forbidden", `${origin} refused access (403).`, 403);
  if (status === 404 || status === 405 || status === 406 || status === 415) {
    return new UpstreamError(
      "not_mcp",
      `${origin} does not look like an MCP server at this URL (HTTP ${status}).`,
      status,
    );
  }
  if (status && status >= 500) return new UpstreamError("unreachable", `${origin} failed (HTTP ${status}).`, status);
  if (status) return new UpstreamError("protocol", `${origin} answered HTTP ${status}.`, status);
  if (err instanceof SdkError && err.code === SdkErrorCode.RequestTimeout)
    return new UpstreamError("timeout", `${origin} did not answer in time.`);
  const msg = err instanceof Error ? err.message : "";
  if (/timed? ?out/i.test(msg)) return new UpstreamError("timeout", `${origin} did not answer in time.`);
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|fetch failed|socket/i.test(msg))
    return new UpstreamError("unreachable", `${origin} could not be reached.`);
  if (/certificate|TLS|SSL/i.test(msg))
    return new UpstreamError("unreachable", `TLS with ${origin} failed (certificate or protocol).`);
  return new UpstreamError("protocol", `${origin} did not complete the MCP handshake.`);
}

type Negotiation = { mode: "auto" | "legacy" } | { prior: DiscoverResult };

async function tryConnect(
  target: UpstreamTarget,
  live: { headers: Record<string, string> },
  how: Negotiation,
  timeoutMs: number,
): Promise<Client> {
  const client = new Client(CLIENT_INFO, { versionNegotiation: { mode: "mode" in how ? how.mode : "auto" } });
  try {
    await client.connect(makeTransport(target, live), {
      timeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
      ...("prior" in how ? { prior: { kind: "modern" as const, discover: how.prior } } : {}),
    });
    return client;
  } catch (err) {
    await client.close().catch(() => {});
    throw err;
  }
}

async function negotiate(
  target: UpstreamTarget,
  live: { headers: Record<string, string> },
  timeoutMs: number,
): Promise<{ client: Client; fromPrior: boolean }> {
  if (target.transport === "sse" || legacyUrls.has(target.url))
    return { client: await tryConnect(target, live, { mode: "legacy" }, timeoutMs), fromPrior: false };
  const key = discoveryKey(target);
  const known = discoveries.get(key);
  if (known && Date.now() - known.at < DISCOVERY_TTL_MS) {
    try {
      return { client: await tryConnect(target, live, { prior: known.result }, timeoutMs), fromPrior: true };
    } catch {
      discoveries.delete(key);
    }
  }
  try {
    return { client: await tryConnect(target, live, { mode: "auto" }, timeoutMs), fromPrior: false };
  } catch (err) {
    const status = httpStatusOf(err);
    const eraTrouble = err instanceof SdkError && err.code === SdkErrorCode.EraNegotiationFailed;
    if (!eraTrouble && (status === 401 || status === 403 || outboundCause(err))) throw err;
    return { client: await tryConnect(target, live, { mode: "legacy" }, timeoutMs), fromPrior: false };
  }
}

/**
 * Opens a client to the upstream. Streamable HTTP upstreams are probed for the 2026-07-28 era and fall back to the
 * 2025 era (`initialize`) when the probe fails; SSE upstreams are 2025-era by definition. Verdicts are remembered:
 * known-legacy URLs skip the probe, known-modern ones adopt their remembered discover result.
 */
export async function connectUpstream(target: UpstreamTarget, opts: ConnectOptions = {}): Promise<UpstreamConnection> {
  const timeoutMs = opts.timeoutMs ?? CONNECT_TIMEOUT_MS;
  const live = { headers: target.headers };
  let negotiated: { client: Client; fromPrior: boolean };
  try {
    negotiated = await negotiate(target, live, timeoutMs);
  } catch (err) {
    throw toUpstreamError(err, target.url);
  }
  const { client, fromPrior } = negotiated;
  const era = client.getProtocolEra() === "modern" ? "modern" : "legacy";
  const key = discoveryKey(target);
  if (era === "legacy") legacyUrls.add(target.url);
  const discover = client.getDiscoverResult();
  if (era === "modern" && discover && !fromPrior)
    discoveries.set(key, { url: target.url, result: discover, at: Date.now() });
  const notify = opts.onToolListChanged;
  // 2025-era servers push list_changed on the session's GET stream; 2026-07-28 servers on a subscriptions/listen
  // stream, opened only after the first list so that neither connecting nor that list waits for its acknowledgement.
  if (notify) client.setNotificationHandler("notifications/tools/list_changed", () => notify());
  let watching = !notify || era !== "modern" || !client.getServerCapabilities()?.tools?.listChanged;
  const watchToolList = () => {
    if (watching) return;
    watching = true;
    void client.listen({ toolsListChanged: true }).catch(() => {});
  };
  const info = client.getServerVersion();
  let closed = false;
  client.onclose = () => {
    closed = true;
  };
  return {
    url: target.url,
    client,
    era,
    protocolVersion: client.getNegotiatedProtocolVersion(),
    serverInfo: info ? { name: info.name, version: info.version } : undefined,
    fromPriorDiscovery: fromPrior,
    useHeaders: (headers) => {
      live.headers = headers;
    },
    watchToolList,
    isClosed: () => closed,
    close: () => client.close().catch(() => {}),
  };
}

/**
 * True when a connection made from a remembered discover result failed in a way that suggests the upstream changed
 * (anything but an answer, an auth wall or a timeout): forget the verdict, so the retry probes afresh.
 */
export function isStaleDiscovery(err: unknown, conn: UpstreamConnection, target: UpstreamTarget): boolean {
  if (!conn.fromPriorDiscovery || err instanceof ProtocolError) return false;
  const kind = toUpstreamError(err, conn.url).kind;
  if (kind === "unauthorized" || kind === "forbidden" || kind === "timeout") return false;
  discoveries.delete(discoveryKey(target));
  return true;
}

/**
 * True when a request failed because the upstream no longer knows our session (a 2025-era server restarted or
 * expired it: 404, or 400 from servers that answer "no valid session ID"): reconnecting and retrying is safe,
 * because the upstream did not process the request.
 */
export function isSessionLost(err: unknown, era: "modern" | "legacy"): boolean {
  const status = httpStatusOf(err);
  if (status === 404) return true;
  return era === "legacy" && status === 400;
}

/** Every tool of the upstream, following nextCursor across all pages. */
export async function listAllTools(conn: UpstreamConnection, opts: { timeoutMs?: number } = {}): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  const seen = new Set<string>();
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    let result;
    try {
      result = await conn.client.listTools(cursor ? { cursor } : undefined, {
        timeout: opts.timeoutMs ?? CONNECT_TIMEOUT_MS,
        cacheMode: "bypass",
      });
    } catch (err) {
      throw toUpstreamError(err, conn.url);
    }
    tools.push(...result.tools);
    const next = result.nextCursor;
    if (!next || seen.has(next)) break;
    seen.add(next);
    cursor = next;
  }
  conn.watchToolList();
  return tools;
}
