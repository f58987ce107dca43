import { describe, expect, it } from "vitest";
import { couldBeExposedBy, exposedToolName, MAX_TOOL_NAME_LENGTH } from "@/lib/gateway/naming";

describe("exposed tool names", () => {
  it("namespaces with the prefix, or exposes the name as is when the prefix is empty", () => {
    expect(exposedToolName("github", "create_issue")).toBe("github__create_issue");
    expect(exposedToolName("", "create_issue")).toBe("create_issue");
  });

  it("shortens names over 64 characters deterministically, keeping the prefix and distinguishing near-identical names", () => {
    const a = exposedToolName("linear", "x".repeat(70) + "_a");
    const b = exposedToolName("linear", "x".repeat(70) + "_b");
    expect(a).toHaveLength(MAX_TOOL_NAME_LENGTH);
    expect(b).toHaveLength(MAX_TOOL_NAME_LENGTH);
    expect(a).not.toBe(b);
    expect(a.startsWith("linear__xxx")).toBe(true);
    expect(a).toMatch(/_[0-9a-f]{8}$/);
    expect(exposedToolName("linear", "x".repeat(70) + "_a")).toBe(a);
    const exactly64 = "y".repeat(64 - "linear__".length);
    expect(exposedToolName("linear", exactly64)).toBe(`linear__${exactly64}`);
  });

  it("tells which prefixes could have produced a name, shortened names included", () => {
    expect(couldBeExposedBy("github", "github__x")).toBe(true);
    expect(couldBeExposedBy("github", "gitlab__x")).toBe(false);
    expect(couldBeExposedBy("git", "github__x")).toBe(false);
    expect(couldBeExposedBy("", "anything")).toBe(true);
    const long = exposedToolName("linear", "z".repeat(100));
    expect(couldBeExposedBy("linear", long)).toBe(true);
    const hugePrefix = "p".repeat(60);
    expect(couldBeExposedBy(hugePrefix, exposedToolName(hugePrefix, "tool"))).toBe(true);
    expect(couldBeExposedBy(hugePrefix, "q".repeat(64))).toBe(false);
  });
});
