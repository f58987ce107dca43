// Upstream tool lists cached per (server, server version, credential) for a short TTL, fetched once when many ask.
import "server-only";
import type { Tool } from "@modelcontextprotocol/client";

interface Slot {
  serverId: string;
  tools?: Tool[];
  expires: number;
  pending?: Promise<Tool[]>;
  /** Bumped by invalidation, so a load that started before it is not stored as fresh. */
  generation: number;
}

export class ToolListCache {
  private readonly slots = new Map<string, Slot>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(opts: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}) {
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.maxEntries = opts.maxEntries ?? 2048;
    this.now = opts.now ?? Date.now;
  }

  /** The cached list under `key`, or the result of `load` (shared by every concurrent caller). Failures are not cached. */
  get(key: string, serverId: string, load: () => Promise<Tool[]>): Promise<Tool[]> {
    const now = this.now();
    let slot = this.slots.get(key);
    if (slot?.tools && slot.expires > now) return Promise.resolve(slot.tools);
    if (slot?.pending) return slot.pending;
    if (!slot) {
      slot = { serverId, expires: 0, generation: 0 };
      this.slots.set(key, slot);
      this.evictOverflow();
    }
    const s = slot;
    const generation = s.generation;
    s.pending = load().then(
      (tools) => {
        s.pending = undefined;
        if (s.generation === generation) {
          s.tools = tools;
          s.expires = this.now() + this.ttlMs;
        }
        return tools;
      },
      (err: unknown) => {
        s.pending = undefined;
        throw err;
      },
    );
    return s.pending;
  }

  /** Forgets every list of a server (its upstream said the list changed, or an admin changed the server). */
  invalidateServer(serverId: string): void {
    for (const s of this.slots.values()) {
      if (s.serverId !== serverId) continue;
      s.tools = undefined;
      s.expires = 0;
      s.pending = undefined;
      s.generation++;
    }
  }

  clear(): void {
    this.slots.clear();
  }

  private evictOverflow(): void {
    if (this.slots.size <= this.maxEntries) return;
    const now = this.now();
    for (const [k, s] of this.slots) {
      if (this.slots.size <= this.maxEntries) break;
      if (!s.pending || s.expires <= now) this.slots.delete(k);
    }
  }
}
