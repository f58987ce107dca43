// Connected upstream clients reused across requests, one per (server, credential): bounded, idle-expiring,
// reconnecting when the upstream forgets the session, and remembering failed connects for a while.
import "server-only";
import { createHash } from "node:crypto";
import {
  connectUpstream,
  credentialHeaders,
  isSessionLost,
  isStaleDiscovery,
  toUpstreamError,
  UpstreamError,
  type UpstreamConnection,
  type UpstreamTarget,
} from "@/lib/upstream/mcp-client";

export interface PoolTarget extends UpstreamTarget {
  serverId: string;
  /** Changes whenever an admin edits the server (its updatedAt), so edited servers never reuse old clients or verdicts. */
  serverVersion: string;
}

export interface PoolOptions {
  maxEntries?: number;
  idleMs?: number;
  connectTimeoutMs?: number;
  /** How long a failed connect is remembered (the upstream is skipped meanwhile). */
  negativeTtlMs?: number;
  /** Called with the server id when an upstream announces that its tool list changed. */
  onToolListChanged?: (serverId: string) => void;
  now?: () => number;
}

interface Entry {
  key: string;
  serverId: string;
  conn: Promise<UpstreamConnection>;
  lastUsed: number;
  inFlight: number;
}

// Failures that say nothing about the credential: remembered per server, so one down upstream costs every user one timeout, not one each.
const SERVER_WIDE: ReadonlySet<UpstreamError["kind"]> = new Set(["unreachable", "timeout", "blocked", "not_mcp"]);

/** Stable, secret-free identity of "this server with these credentials" (per-request headers count by name only). */
export function poolKey(t: PoolTarget): string {
  const h = createHash("sha256");
  h.update(JSON.stringify([t.url, t.transport, credentialHeaders(t.headers)]));
  return `${t.serverId}|${t.serverVersion}|${h.digest("base64url")}`;
}

export class UpstreamPool {
  private readonly entries = new Map<string, Entry>();
  private readonly failures = new Map<string, { until: number; error: UpstreamError }>();
  private readonly maxEntries: number;
  private readonly idleMs: number;
  private readonly connectTimeoutMs: number;
  private readonly negativeTtlMs: number;
  private readonly now: () => number;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly opts: PoolOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 256;
    this.idleMs = opts.idleMs ?? 5 * 60_000;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
    this.negativeTtlMs = opts.negativeTtlMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The remembered connect failure for this target, if it is still fresh. */
  recentFailure(t: PoolTarget): UpstreamError | undefined {
    const now = this.now();
    for (const k of [poolKey(t), serverKey(t)]) {
      const f = this.failures.get(k);
      if (f && f.until > now) return f.error;
      if (f) this.failures.delete(k);
    }
    return undefined;
  }

  /**
   * Runs fn with a connected client for the target. A pooled client whose session the upstream forgot, whose
   * transport closed, or whose remembered era no longer holds is replaced by a fresh connection and fn retried once.
   */
  async run<T>(t: PoolTarget, fn: (conn: UpstreamConnection) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const entry = this.acquire(t);
      entry.inFlight++;
      try {
        const conn = await entry.conn;
        if (conn.isClosed() && attempt === 0) {
          this.drop(entry);
          continue;
        }
        try {
          conn.useHeaders(t.headers);
          return await fn(conn);
        } catch (err) {
          if (attempt > 0 || !(conn.isClosed() || isSessionLost(err, conn.era) || isStaleDiscovery(err, conn, t)))
            throw err;
          this.drop(entry);
        }
      } finally {
        entry.inFlight--;
        entry.lastUsed = this.now();
      }
    }
  }

  /** Closes and forgets every client of a server (e.g. after it was deleted or its credentials were revoked). */
  dropServer(serverId: string): void {
    for (const e of [...this.entries.values()]) if (e.serverId === serverId) this.drop(e);
  }

  async closeAll(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    const all = [...this.entries.values()];
    this.entries.clear();
    this.failures.clear();
    await Promise.all(all.map((e) => e.conn.then((c) => c.close()).catch(() => {})));
  }

  private acquire(t: PoolTarget): Entry {
    const key = poolKey(t);
    const existing = this.entries.get(key);
    if (existing) {
      // Map order doubles as LRU order.
      this.entries.delete(key);
      this.entries.set(key, existing);
      existing.lastUsed = this.now();
      return existing;
    }
    const remembered = this.recentFailure(t);
    const entry: Entry = {
      key,
      serverId: t.serverId,
      lastUsed: this.now(),
      inFlight: 0,
      conn: Promise.resolve(undefined as never),
    };
    entry.conn = remembered
      ? Promise.reject(remembered)
      : connectUpstream(t, {
          timeoutMs: this.connectTimeoutMs,
          onToolListChanged: () => this.opts.onToolListChanged?.(t.serverId),
        }).catch((err: unknown) => {
          const error = toUpstreamError(err, t.url);
          const until = this.now() + this.negativeTtlMs;
          this.failures.set(SERVER_WIDE.has(error.kind) ? serverKey(t) : key, { until, error });
          throw error;
        });
    // A failed connect is never pooled: the negative cache answers instead until it expires.
    entry.conn.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.entries.set(key, entry);
    this.evictOverflow();
    this.startSweeper();
    return entry;
  }

  private drop(entry: Entry): void {
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    void entry.conn.then((c) => c.close()).catch(() => {});
  }

  private evictOverflow(): void {
    if (this.entries.size <= this.maxEntries) return;
    for (const e of this.entries.values()) {
      if (this.entries.size <= this.maxEntries) break;
      if (e.inFlight === 0) this.drop(e);
    }
  }

  private sweep(): void {
    const cutoff = this.now() - this.idleMs;
    for (const e of [...this.entries.values()]) if (e.inFlight === 0 && e.lastUsed < cutoff) this.drop(e);
    const now = this.now();
    for (const [k, f] of this.failures) if (f.until <= now) this.failures.delete(k);
    if (this.entries.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private startSweeper(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, Math.min(30_000, this.idleMs / 2)));
    this.sweeper.unref();
  }

  /** For tests: runs the idle sweep now. */
  sweepNow(): void {
    this.sweep();
  }
}

function serverKey(t: PoolTarget): string {
  return `${t.serverId}|${t.serverVersion}|*`;
}
