import { describe, expect, it } from "vitest";
import {
  isToolAllowed,
  parseGatewayMode,
  serverExclusion,
  type GatewayMode,
  type PolicyServer,
} from "@/lib/gateway/policy";

const normal: GatewayMode = { planMode: false, requestedSlugs: null };
const plan: GatewayMode = { planMode: true, requestedSlugs: null };
const only = (...slugs: string[]): GatewayMode => ({ planMode: false, requestedSlugs: new Set(slugs) });
const server = (p: Partial<PolicyServer> = {}): PolicyServer => ({
  slug: "s",
  enabled: true,
  availability: "default_on",
  allowInPlanMode: false,
  ...p,
});

describe("server availability policy", () => {
  it("never selects a disabled server, whatever else applies", () => {
    expect(serverExclusion(server({ enabled: false, availability: "force_on" }), true, only("s"))).toBe("disabled");
  });

  it("force_on: always, even when the user opted out or ?servers= names others", () => {
    expect(serverExclusion(server({ availability: "force_on" }), false, normal)).toBeNull();
    expect(serverExclusion(server({ availability: "force_on" }), null, only("other"))).toBeNull();
  });

  it("default_on: unless the user opted out; ?servers= restricts to the named ones (and overrides an opt-out)", () => {
    expect(serverExclusion(server(), null, normal)).toBeNull();
    expect(serverExclusion(server(), true, normal)).toBeNull();
    expect(serverExclusion(server(), false, normal)).toBe("opted_out");
    expect(serverExclusion(server(), null, only("other"))).toBe("not_requested");
    expect(serverExclusion(server(), false, only("s"))).toBeNull();
  });

  it("default_off: only when the user opted in or the request names it", () => {
    const off = server({ availability: "default_off" });
    expect(serverExclusion(off, null, normal)).toBe("not_opted_in");
    expect(serverExclusion(off, false, normal)).toBe("not_opted_in");
    expect(serverExclusion(off, true, normal)).toBeNull();
    expect(serverExclusion(off, null, only("s"))).toBeNull();
    expect(serverExclusion(off, true, only("other"))).toBe("not_requested");
  });

  it("plan mode: only servers approved for plan mode", () => {
    expect(serverExclusion(server(), null, plan)).toBe("plan_mode");
    expect(serverExclusion(server({ allowInPlanMode: true }), null, plan)).toBeNull();
    expect(serverExclusion(server({ availability: "force_on" }), null, plan)).toBe("plan_mode");
  });
});

describe("tool allow and deny lists", () => {
  it("deny wins, an empty allow list allows everything", () => {
    expect(isToolAllowed({ toolAllowList: [], toolDenyList: [] }, "a")).toBe(true);
    expect(isToolAllowed({ toolAllowList: [], toolDenyList: ["a"] }, "a")).toBe(false);
    expect(isToolAllowed({ toolAllowList: ["a"], toolDenyList: [] }, "b")).toBe(false);
    expect(isToolAllowed({ toolAllowList: ["a"], toolDenyList: ["a"] }, "a")).toBe(false);
  });
});

describe("request mode parsing", () => {
  const req = (url: string, headers: Record<string, string> = {}) =>
    new Request(`http://localhost/api/mcp${url}`, { headers });

  it("reads plan mode from the query or the header, and ?servers= as a slug set", () => {
    expect(parseGatewayMode(req(""))).toEqual({ planMode: false, requestedSlugs: null });
    expect(parseGatewayMode(req("?mode=plan")).planMode).toBe(true);
    expect(parseGatewayMode(req("", { "X-Switchboard-Mode": "Plan" })).planMode).toBe(true);
    expect([...(parseGatewayMode(req("?servers=github,%20linear")).requestedSlugs ?? [])]).toEqual([
      "github",
      "linear",
    ]);
    expect(parseGatewayMode(req("?servers=")).requestedSlugs).toBeNull();
  });

  it("rejects unknown modes and malformed server lists with a message", () => {
    expect(() => parseGatewayMode(req("?mode=yolo"))).toThrow(/Unknown mode "yolo"/);
    expect(() => parseGatewayMode(req("?servers=ok,Not_A_Slug"))).toThrow(/not_a_slug/);
  });
});
