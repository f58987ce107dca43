// Captures everything the app logs (console.log/warn/error) while a test runs, to assert that no secret is printed.
import { afterEach, beforeEach, vi } from "vitest";

export function captureOutput(): { text: () => string } {
  const lines: string[] = [];
  const record = (...args: unknown[]) =>
    void lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
  beforeEach(() => {
    for (const m of ["log", "info", "warn", "error", "debug"] as const) vi.spyOn(console, m).mockImplementation(record);
  });
  afterEach(() => vi.restoreAllMocks());
  return { text: () => lines.join("\n") };
}
