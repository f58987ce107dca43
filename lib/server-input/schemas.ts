// A registered server's input formats: per-field rules for creating and editing servers. Cross-field rules live in
// lib/registry/server-config.ts, per-auth-type ones in lib/auth-types; this module sits below both.
import { z } from "zod";
import { authTypes, availabilities, transports } from "@/lib/db/schema";
import { checkOutboundUrl, OutboundRequestError } from "@/lib/net/safe-fetch";
import { headerNameProblem, headerValueProblem } from "@/lib/net/header-rules";

const headerName = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = headerNameProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const headerValue = z.string().superRefine((v, ctx) => {
  const problem = headerValueProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** An absolute http(s) URL without embedded credentials, that is not a refused address (metadata host, link-local …). */
export const httpUrl = (what = "URL") =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(2048, "At most 2048 characters.")
    .superRefine((v, ctx) => {
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        ctx.addIssue({
          code: "custom",
          message: `Enter an absolute http(s) ${what}, e.g. https://mcp.example.com/mcp.`,
        });
        return;
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        ctx.addIssue({ code: "custom", message: `The ${what} must start with http:// or https://.` });
        return;
      }
      if (url.username || url.password) {
        ctx.addIssue({ code: "custom", message: "Do not put credentials in the URL; use the auth fields." });
        return;
      }
      try {
        checkOutboundUrl(url);
      } catch (err) {
        if (err instanceof OutboundRequestError) ctx.addIssue({ code: "custom", message: err.message });
        else throw err;
      }
    })
    .transform((v) => {
      const url = new URL(v);
      url.hash = "";
      return url.toString();
    });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .nullable()
    .transform((v) => (v ? v : null));

const toolList = z
  .array(
    z
      .string()
      .trim()
      .min(1, "Tool names cannot be empty.")
      .max(128, "Tool names are at most 128 characters.")
      .regex(/^\S+$/, "Tool names contain no spaces."),
    { error: "Send a list of tool names." },
  )
  .max(500, "At most 500 tool names.")
  .transform((list) => [...new Set(list)]);

export const SLUG_PATTERN = /^[a-z0-9-]{1,32}$/;

const enumOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `Choose one of: ${values.join(", ")}.` });

/** Every field an admin may send. All optional here; create requires some (see server-config.ts). */
export const serverFieldsSchema = z
  .object({
    displayName: z.string().trim().min(1, "Enter a name.").max(100, "At most 100 characters."),
    slug: z.string().trim().regex(SLUG_PATTERN, "Use 1–32 lowercase letters, digits or hyphens."),
    description: z
      .string()
      .trim()
      .max(2000, "At most 2000 characters.")
      .nullable()
      .transform((v) => v ?? ""),
    iconUrl: z.union([z.literal("").transform(() => null), z.null(), httpUrl("icon URL")]),
    transport: enumOf(transports),
    url: httpUrl("server URL"),
    authType: enumOf(authTypes),
    oauth2ClientId: optionalText(500),
    oauth2ClientSecret: z.string().max(2000, "At most 2000 characters.").nullable(),
    oauth2AuthUrl: z.union([z.literal("").transform(() => null), z.null(), httpUrl("authorization URL")]),
    oauth2TokenUrl: z.union([z.literal("").transform(() => null), z.null(), httpUrl("token URL")]),
    oauth2Scopes: optionalText(1000).transform((v) => (v ? v.split(/\s+/).join(" ") : null)),
    skipIssuerMetadataValidation: z.boolean(),
    apiKeyHeader: headerName,
    apiKeyValue: headerValue.nullable(),
    /** Replaces the whole set; a null value keeps that header's current value. */
    customHeaders: z.record(z.string(), headerValue.nullable(), { error: "Send an object of header name to value." }),
    toolAllowList: toolList,
    toolDenyList: toolList,
    availability: enumOf(availabilities),
    enabled: z.boolean(),
    modelIntent: z.boolean(),
    allowInPlanMode: z.boolean(),
    forwardIdentityHeaders: z.boolean(),
    toolPrefix: z
      .string()
      .trim()
      .regex(
        /^[a-z0-9-]{0,32}$/,
        "Use up to 32 lowercase letters, digits or hyphens (empty exposes tool names unprefixed).",
      ),
    callTimeoutMs: z
      .number()
      .int("Whole milliseconds.")
      .min(1000, "At least 1000 ms.")
      .max(600_000, "At most 600000 ms.")
      .nullable(),
  })
  .partial()
  .strict();

export type ServerFields = z.output<typeof serverFieldsSchema>;

export const discoverInput = z.object({ oauth2Scopes: optionalText(1000).optional() }).strict();

export const selectionInput = z.object({ selected: z.boolean({ error: "Send selected: true or false." }) }).strict();
