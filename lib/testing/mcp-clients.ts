// Real MCP clients of both protocol eras behind one small interface, so gateway tests run unchanged against each:
// the 2025-era `@modelcontextprotocol/sdk` 1.x Client and the v2 Client negotiating in `auto` mode (2026-07-28).
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as V1Transport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import {
  Client as V2Client,
  ProtocolError,
  StreamableHTTPClientTransport as V2Transport,
} from "@modelcontextprotocol/client";

export type ClientKind = "sdk-1.x (2025 era)" | "v2 auto (2026-07-28)";
export const CLIENT_KINDS: ClientKind[] = ["sdk-1.x (2025 era)", "v2 auto (2026-07-28)"];

export interface ListedTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export interface CallResult {
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface TestClient {
  kind: ClientKind;
  protocolVersion: string | undefined;
  /** Every tool, following nextCursor. */
  listTools(): Promise<ListedTool[]>;
  call(
    name: string,
    args?: Record<string, unknown>,
    opts?: { onProgress?: (p: { progress: number; total?: number }) => void },
  ): Promise<CallResult>;
  close(): Promise<void>;
}

/** The JSON-RPC error code a failed request carried (e.g. -32602 for an unknown tool), or undefined. */
export function rpcErrorCode(err: unknown): number | undefined {
  if (err instanceof McpError) return err.code;
  if (err instanceof ProtocolError) return err.code;
  return undefined;
}

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export async function connectTestClient(
  kind: ClientKind,
  url: string,
  token: string,
  extraHeaders: Record<string, string> = {},
  opts: { fetch?: FetchLike } = {},
): Promise<TestClient> {
  const headers = { authorization: `Bearer ${token}`, ...extraHeaders };
  if (kind === "sdk-1.x (2025 era)") {
    const client = new V1Client({ name: "gateway-test-v1", version: "1.0.0" });
    await client.connect(new V1Transport(new URL(url), { requestInit: { headers }, fetch: opts.fetch }));
    return {
      kind,
      protocolVersion: (client.transport as V1Transport | undefined)?.protocolVersion,
      async listTools() {
        const all: ListedTool[] = [];
        let cursor: string | undefined;
        do {
          const page = await client.listTools(cursor ? { cursor } : undefined);
          all.push(...(page.tools as ListedTool[]));
          cursor = page.nextCursor;
        } while (cursor);
        return all;
      },
      async call(name, args = {}, opts = {}) {
        return (await client.callTool({ name, arguments: args }, undefined, {
          onprogress: opts.onProgress,
        })) as CallResult;
      },
      close: () => client.close(),
    };
  }
  const client = new V2Client({ name: "gateway-test-v2", version: "2.0.0" }, { versionNegotiation: { mode: "auto" } });
  await client.connect(new V2Transport(new URL(url), { requestInit: { headers }, fetch: opts.fetch as never }));
  return {
    kind,
    protocolVersion: client.getNegotiatedProtocolVersion(),
    async listTools() {
      return (await client.listTools(undefined, { cacheMode: "bypass" })).tools as ListedTool[];
    },
    async call(name, args = {}, opts = {}) {
      return (await client.callTool({ name, arguments: args }, { onprogress: opts.onProgress })) as CallResult;
    },
    close: () => client.close(),
  };
}

/** The JSON a fixture's echo tool returned. */
export function echoed(result: CallResult): { args: Record<string, unknown>; headers: Record<string, string> } {
  const text = result.content.find((c) => c.type === "text")?.text ?? "{}";
  return JSON.parse(text) as { args: Record<string, unknown>; headers: Record<string, string> };
}
