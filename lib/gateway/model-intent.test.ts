import { describe, expect, it } from "vitest";
import { MODEL_INTENT_FIELD, unwrapArguments, wrapInputSchema } from "@/lib/gateway/model-intent";

const original = { type: "object", properties: { q: { type: "string" } }, required: ["q"] };

describe("model intent", () => {
  it("wraps the original schema under `properties`, beside a described, required model_intent", () => {
    const wrapped = wrapInputSchema(original);
    expect(wrapped.required).toEqual([MODEL_INTENT_FIELD, "properties"]);
    expect(wrapped.properties.properties).toEqual(original);
    expect((wrapped.properties[MODEL_INTENT_FIELD] as { type: string; description: string }).type).toBe("string");
    expect((wrapped.properties[MODEL_INTENT_FIELD] as { description: string }).description).toMatch(/purpose/);
  });

  it("unwraps the advertised form and the flat form to the same upstream arguments", () => {
    expect(unwrapArguments({ model_intent: "find bugs", properties: { q: "crash" } })).toEqual({
      args: { q: "crash" },
      intent: "find bugs",
    });
    expect(unwrapArguments({ model_intent: "find bugs", q: "crash" })).toEqual({
      args: { q: "crash" },
      intent: "find bugs",
    });
  });

  it("never passes model_intent on, even repeated inside the wrapped arguments, and tolerates a missing intent", () => {
    expect(unwrapArguments({ properties: { q: "x", model_intent: "inner" } })).toEqual({
      args: { q: "x" },
      intent: "inner",
    });
    expect(unwrapArguments({ q: "x" })).toEqual({ args: { q: "x" }, intent: null });
    expect(unwrapArguments(undefined)).toEqual({ args: {}, intent: null });
    expect(unwrapArguments({ model_intent: "  ", q: 1 })).toEqual({ args: { q: 1 }, intent: null });
  });

  it("keeps a tool's own `properties` argument when other arguments sit beside it (flat form)", () => {
    expect(unwrapArguments({ model_intent: "i", properties: { a: 1 }, name: "n" })).toEqual({
      args: { properties: { a: 1 }, name: "n" },
      intent: "i",
    });
  });
});
