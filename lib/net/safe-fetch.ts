// Outbound HTTP to admin- or server-supplied URLs: address policy enforced at connect time (no DNS-rebinding gap),
// timeouts, a response size cap, and redirects followed only within the same origin.
import dns from "node:dns";
import net from "node:net";
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from "undici";
import { env } from "@/lib/env";
import { isMetadataHost, refusalFor } from "@/lib/net/address-policy";

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 5;

export class OutboundRequestError extends Error {
  override name = "OutboundRequestError";
  constructor(
    message: string,
    readonly reason: "blocked" | "timeout" | "too_large" | "redirect" | "unreachable" | "invalid_url",
  ) {
    super(message);
  }
}

export interface SafeFetchOptions {
  timeoutMs?: number;
  /** Response body cap in bytes; null streams the body uncapped (MCP transports, whose SSE streams are long-lived). */
  maxBytes?: number | null;
  /** Overrides SWITCHBOARD_UPSTREAM_DENY_PRIVATE (tests). */
  denyPrivate?: boolean;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

function guardedLookup(denyPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as dns.LookupAddress[];
      for (const a of list) {
        const why = refusalFor(a.address, denyPrivate);
        if (why) {
          const e: NodeJS.ErrnoException = new OutboundRequestError(
            `Refused to connect to ${hostname}: it resolves to a ${why}.`,
            "blocked",
          );
          e.code = "ESWITCHBOARDBLOCKED";
          return callback(e, []);
        }
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}

const agents = new Map<boolean, Agent>();
function agentFor(denyPrivate: boolean): Agent {
  let agent = agents.get(denyPrivate);
  if (!agent) {
    agent = new Agent({ connect: { lookup: guardedLookup(denyPrivate) as never }, keepAliveTimeout: 30_000 });
    agents.set(denyPrivate, agent);
  }
  return agent;
}

/** Checks a URL before any request: http(s) only, no credentials in it, no metadata host, no refused literal IP. */
export function checkOutboundUrl(raw: string | URL, denyPrivate = env().SWITCHBOARD_UPSTREAM_DENY_PRIVATE): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRequestError("Not a valid URL.", "invalid_url");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new OutboundRequestError("Only http and https URLs can be fetched.", "invalid_url");
  if (url.username || url.password)
    throw new OutboundRequestError("URLs with embedded credentials are not allowed.", "invalid_url");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isMetadataHost(host))
    throw new OutboundRequestError(`Refused to contact ${host}: it is a cloud metadata host.`, "blocked");
  if (net.isIP(host)) {
    const why = refusalFor(host, denyPrivate);
    if (why) throw new OutboundRequestError(`Refused to contact ${host}: it is a ${why}.`, "blocked");
  }
  return url;
}

/** The OutboundRequestError behind an error, however deeply a library (undici, the MCP SDK) wrapped it. */
export function outboundCause(err: unknown): OutboundRequestError | undefined {
  let e: unknown = err;
  for (let i = 0; i < 5 && e; i++) {
    if (e instanceof OutboundRequestError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

async function readCapped(res: Response, maxBytes: number, url: URL): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new OutboundRequestError(`${url.origin} answered with more than ${maxBytes} bytes.`, "too_large");
  }
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new OutboundRequestError(`${url.origin} answered with more than ${maxBytes} bytes.`, "too_large");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/**
 * fetch() for untrusted destinations. Redirects are followed by hand, only within the starting origin; a
 * cross-origin redirect fails. The returned Response's body is buffered (capped) unless maxBytes is null.
 */
export async function safeFetch(
  input: string | URL,
  init: RequestInit = {},
  opts: SafeFetchOptions = {},
): Promise<Response> {
  const denyPrivate = opts.denyPrivate ?? env().SWITCHBOARD_UPSTREAM_DENY_PRIVATE;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxBytes === undefined ? DEFAULT_MAX_BYTES : opts.maxBytes;
  const start = checkOutboundUrl(input, denyPrivate);
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  let url = start;
  let method = (init.method ?? "GET").toUpperCase();
  let body = init.body;
  for (let hop = 0; ; hop++) {
    let res: Response;
    try {
      res = (await undiciFetch(url, {
        ...(init as UndiciRequestInit),
        method,
        body: body as UndiciRequestInit["body"],
        redirect: "manual",
        signal,
        dispatcher: agentFor(denyPrivate),
      })) as unknown as Response;
    } catch (err) {
      const blocked = outboundCause(err);
      if (blocked) throw blocked;
      if (timeout.aborted)
        throw new OutboundRequestError(`${url.origin} did not answer within ${timeoutMs} ms.`, "timeout");
      if (init.signal?.aborted) throw err;
      throw new OutboundRequestError(`${url.origin} could not be reached.`, "unreachable");
    }
    if (res.status >= 300 && res.status < 400 && res.headers.has("location")) {
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new OutboundRequestError(`Too many redirects from ${start.origin}.`, "redirect");
      const next = new URL(res.headers.get("location")!, url);
      if (next.origin !== start.origin) {
        throw new OutboundRequestError(
          `${start.origin} redirected to another origin (${next.origin}); not followed.`,
          "redirect",
        );
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
      }
      url = checkOutboundUrl(next, denyPrivate);
      continue;
    }
    if (maxBytes === null) return res;
    let buffered: Uint8Array;
    try {
      buffered = await readCapped(res, maxBytes, url);
    } catch (err) {
      if (err instanceof OutboundRequestError) throw err;
      if (timeout.aborted)
        throw new OutboundRequestError(`${url.origin} did not answer within ${timeoutMs} ms.`, "timeout");
      throw new OutboundRequestError(`${url.origin} broke off its answer.`, "unreachable");
    }
    const nullBody = res.status === 204 || res.status === 304;
    return new Response(nullBody ? null : (buffered as BodyInit), {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  }
}

/** A fetch-compatible function bound to these options (for libraries that take a `fetch`, like the MCP SDK). */
export function guardedFetch(
  opts: SafeFetchOptions = {},
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    if (input instanceof Request) {
      const { url, method, headers, body, signal } = input;
      return safeFetch(
        url,
        {
          method,
          headers,
          body: body ?? undefined,
          signal,
          ...init,
          ...(body ? { duplex: "half" } : {}),
        } as RequestInit,
        opts,
      );
    }
    return safeFetch(input, init, opts);
  };
}
