// Model intent: wraps a tool's input schema so the model states why it calls the tool, and unwraps the arguments
// again (wrapped or flat form) so the upstream never sees `model_intent`.

export const MODEL_INTENT_FIELD = "model_intent";
const MAX_INTENT_LENGTH = 500;

export const MODEL_INTENT_DESCRIPTION =
  "In a few words, the purpose of this call: what you are trying to achieve for the user " +
  '(e.g. "find the open bugs assigned to me"). Shown to the user in their audit log; never sent to the tool.';

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** `{ model_intent, properties: <original schema> }`, both required. */
export function wrapInputSchema(original: JsonObject): { type: "object"; properties: JsonObject; required: string[] } {
  return {
    type: "object",
    properties: {
      [MODEL_INTENT_FIELD]: { type: "string", description: MODEL_INTENT_DESCRIPTION },
      properties: original,
    },
    required: [MODEL_INTENT_FIELD, "properties"],
  };
}

/**
 * The upstream arguments and the stated intent. Accepts the advertised form `{ model_intent, properties: {...} }` and
 * the flat form models also produce, `{ model_intent, ...args }`. An object under `properties` counts as the wrapped
 * form only when nothing else sits beside it, so a tool whose own argument is called `properties` still works flat.
 */
export function unwrapArguments(args: JsonObject | undefined): { args: JsonObject; intent: string | null } {
  const { intent, rest } = splitIntent(args ?? {});
  const keys = Object.keys(rest);
  if (keys.length === 1 && keys[0] === "properties" && isObject(rest.properties)) {
    // Some models repeat the intent inside the wrapped arguments: strip it there too.
    const inner = splitIntent(rest.properties);
    return { args: inner.rest, intent: intent ?? inner.intent };
  }
  return { args: rest, intent };
}

function splitIntent(input: JsonObject): { intent: string | null; rest: JsonObject } {
  const raw = input[MODEL_INTENT_FIELD];
  const intent = typeof raw === "string" && raw.trim() ? raw.trim().slice(0, MAX_INTENT_LENGTH) : null;
  const rest: JsonObject = {};
  for (const [k, v] of Object.entries(input)) if (k !== MODEL_INTENT_FIELD) rest[k] = v;
  return { intent, rest };
}
