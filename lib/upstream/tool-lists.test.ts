import { describe, expect, it } from "vitest";
import type { Tool } from "@modelcontextprotocol/client";
import { ToolListCache } from "@/lib/upstream/tool-lists";

const tools = (...names: string[]) => names.map((name) => ({ name, inputSchema: { type: "object" } }) as Tool);

describe("upstream tool-list cache", () => {
  it("loads once for many concurrent callers and serves the result until the TTL passes", async () => {
    let now = 0;
    let loads = 0;
    const cache = new ToolListCache({ ttlMs: 60_000, now: () => now });
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 10));
      return tools(`t${loads}`);
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.get("k", "server", load)));
    expect(loads).toBe(1);
    expect(new Set(results).size).toBe(1);
    now = 59_000;
    expect((await cache.get("k", "server", load))[0]!.name).toBe("t1");
    now = 60_001;
    expect((await cache.get("k", "server", load))[0]!.name).toBe("t2");
  });

  it("keeps lists per key (credential) and invalidates every list of a server, even one being loaded", async () => {
    const cache = new ToolListCache();
    let release!: () => void;
    const slow = () => new Promise<Tool[]>((r) => (release = () => r(tools("stale"))));
    const pending = cache.get("a", "s1", slow);
    await cache.get("b", "s2", async () => tools("other"));
    cache.invalidateServer("s1");
    release();
    expect((await pending)[0]!.name).toBe("stale");
    expect((await cache.get("a", "s1", async () => tools("fresh")))[0]!.name).toBe("fresh");
    expect((await cache.get("b", "s2", async () => tools("reloaded")))[0]!.name).toBe("other");
  });

  it("does not cache failures", async () => {
    const cache = new ToolListCache();
    await expect(cache.get("k", "s", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect((await cache.get("k", "s", async () => tools("up")))[0]!.name).toBe("up");
  });
});
