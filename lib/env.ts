// The only reader of process.env: parses and validates configuration once, naming the variable at fault.
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const commaList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

const keyEntry = /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]+$/;

function isOrigin(value: string): boolean {
  try {
    const u = new URL(value);
    return /^https?:$/.test(u.protocol) && u.origin === value.replace(/\/$/, "");
  } catch {
    return false;
  }
}

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** Read by `next start`/`next dev`; here only to default SWITCHBOARD_URL to the port actually served. */
    PORT: optionalString.refine(
      (v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535),
      "must be a port number",
    ),
    SWITCHBOARD_URL: z
      .url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" })
      .default("http://localhost:3000")
      .transform((v) => new URL(v))
      .refine((u) => u.pathname === "/" && !u.search && !u.hash, "must be an origin without path, query or fragment")
      .transform((u) => u.origin),
    DATABASE_URL: optionalString.refine(
      (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
      "must be a postgres:// or postgresql:// URL",
    ),
    SWITCHBOARD_DATA_DIR: z.string().trim().min(1).default("./.data"),
    AUTH_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters"),
    SWITCHBOARD_ENCRYPTION_KEYS: optionalString.refine(
      (v) => v === undefined || v.split(",").every((e) => keyEntry.test(e.trim())),
      "must be a comma-separated list of kid:base64key entries",
    ),
    OIDC_ISSUER: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), "must be an http(s) URL"),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_NAME: optionalString.transform((v) => v ?? "SSO"),
    OIDC_SCOPES: optionalString.transform((v) => v ?? "openid email profile offline_access"),
    SWITCHBOARD_ADMIN_EMAIL: optionalString.refine(
      (v) => v === undefined || z.email().safeParse(v).success,
      "must be an email address",
    ),
    SWITCHBOARD_ADMIN_PASSWORD: optionalString.refine(
      (v) => v === undefined || v.length >= 8,
      "must be at least 8 characters",
    ),
    SWITCHBOARD_ALLOWED_ORIGINS: commaList.refine(
      (list) => list.every(isOrigin),
      "must be a comma-separated list of origins such as https://app.example.com",
    ),
    SWITCHBOARD_ALLOWED_REDIRECT_URIS: commaList.refine(
      (list) => list.every((p) => /^[a-z][a-z0-9+.-]*:\S+$/i.test(p)),
      "must be a comma-separated list of redirect-URI patterns such as https://*.example.com/* or cursor://*",
    ),
    SWITCHBOARD_ALLOWED_HOSTS: commaList.refine(
      (list) => list.every((h) => /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/i.test(h)),
      "must be a comma-separated list of host names (no scheme or port)",
    ),
    SWITCHBOARD_OAUTH_REGISTRATIONS_PER_HOUR: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.coerce.number().int("must be a whole number").min(1).max(100_000).default(20),
    ),
    SWITCHBOARD_CIMD_ALLOW_PRIVATE: bool,
    SWITCHBOARD_UPSTREAM_DENY_PRIVATE: bool,
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  })
  .superRefine((e, ctx) => {
    if (Boolean(e.OIDC_ISSUER) !== Boolean(e.OIDC_CLIENT_ID)) {
      ctx.addIssue({
        code: "custom",
        path: [e.OIDC_ISSUER ? "OIDC_CLIENT_ID" : "OIDC_ISSUER"],
        message: "OIDC_ISSUER and OIDC_CLIENT_ID must be set together",
      });
    }
    if (Boolean(e.SWITCHBOARD_ADMIN_EMAIL) !== Boolean(e.SWITCHBOARD_ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: "custom",
        path: [e.SWITCHBOARD_ADMIN_EMAIL ? "SWITCHBOARD_ADMIN_PASSWORD" : "SWITCHBOARD_ADMIN_EMAIL"],
        message: "SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_PASSWORD must be set together",
      });
    }
  });

export type Env = z.output<typeof schema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses an environment; throws a ConfigError whose message names every variable at fault (never its value). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // `PORT=4000 npm start` should just work: the canonical URL follows the port unless it is set explicitly.
  const port = source.PORT?.trim();
  const withDefaults =
    !source.SWITCHBOARD_URL?.trim() && port && /^\d{1,5}$/.test(port)
      ? { ...source, SWITCHBOARD_URL: `http://localhost:${port}` }
      : source;
  const result = schema.safeParse(withDefaults);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${String(i.path[0] ?? "environment")}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function oidcEnabled(): boolean {
  return Boolean(env().OIDC_ISSUER && env().OIDC_CLIENT_ID);
}

/** Auth.js reads its canonical URL from process.env; point it at SWITCHBOARD_URL so it never trusts request hosts. */
export function applyAuthUrl(): void {
  process.env.AUTH_URL = `${env().SWITCHBOARD_URL}/api/auth`;
}

export function appUrl(pathname = "/"): string {
  return new URL(pathname, env().SWITCHBOARD_URL).toString();
}
