// One logger: plain lines on stdout/stderr with structured fields; callers pass ids and names, never secrets.
import { env } from "@/lib/env";

type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Defence in depth: field names that look like secrets are masked even if a caller slips.
const secretish = /(secret|password|token|authorization|api[-_]?key|cookie|verifier)$/i;

function fmt(fields?: Record<string, unknown>): string {
  if (!fields) return "";
  const parts = Object.entries(fields).map(([k, v]) => {
    const value = secretish.test(k) ? "[redacted]" : typeof v === "string" ? v : JSON.stringify(v);
    return `${k}=${value}`;
  });
  return parts.length ? " " + parts.join(" ") : "";
}

function threshold(): number {
  try {
    return order[env().LOG_LEVEL];
  } catch {
    return order.info;
  }
}

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
  if (order[level] < threshold()) return;
  const line = `[switchboard] ${level} ${msg}${fmt(fields)}`;
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};

/**
 * Describes an unexpected error for the server log: its class and message, never a request body. A failed query's
 * message lists the values bound to it (sealed secrets, password hashes): those are cut, and the database's own
 * error class and code are named instead.
 */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const params = err.message.search(/\nparams: /);
  if (params < 0) return `${err.name}: ${err.message}`;
  const cause = err.cause as { name?: unknown; code?: unknown } | undefined;
  const why = cause
    ? ` (${String(cause.name ?? "error")}${typeof cause.code === "string" ? ` ${cause.code}` : ""})`
    : "";
  return `${err.name}: ${err.message.slice(0, params)} [values withheld]${why}`;
}
