// Runs the MCP conformance suite's server scenarios three times — the stable 0.1.x suite, and the 0.2 alpha with
// `--requirements 2025-11-25` and with `--requirements 2026-07-28` — and prints each run's summary. Not part of
// `npm test`; the suite and its Node 22 come from scripts/conformance-tools.ts.
//
// Usage:
//   npx tsx scripts/mcp-conformance.ts [--token T]
//       starts the conformance fixture upstream (e2e/fixtures/upstreams/conformance-server.ts) and runs against it
//       directly; with a token the fixture refuses requests without it, which proves the suite sends it everywhere.
//   npx tsx scripts/mcp-conformance.ts --url <mcpUrl> [--token T] [--baseline direct.json]
//       runs against a server that is already up, e.g. Switchboard's /api/mcp with the fixture registered under an
//       empty prefix (`--through` is the same option). The token (also MCP_CONFORMANCE_TOKEN) is added to every
//       request the suite sends to that origin. With a baseline (the --json of a direct run), also lists every
//       scenario that passed directly but not here, and fails if there is one.
//   --runs stable,2025-11-25,2026-07-28   which runs (default: all three)
//   --json <file>                          write the summaries
//   --verbose                              print the suite's whole output
// Exit status 0 when every scored scenario passed (and none was lost against the baseline).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startConformanceServer } from "../e2e/fixtures/upstreams/conformance-server";
import { ensureConformanceTools, type ConformanceTools } from "./conformance-tools";

export const RUNS = ["stable", "2025-11-25", "2026-07-28"] as const;
export type RunName = (typeof RUNS)[number];

export interface ScenarioResult {
  name: string;
  /** Checks that passed and failed, as the suite counts them. */
  passed: number;
  failed: number;
  /** False for what the run reports without scoring (extensions, pending, added after the revision). */
  scored: boolean;
  /** The failed checks: id and the suite's message. */
  failures: Array<{ check: string; message?: string }>;
}

export interface RunSummary {
  run: RunName;
  suite: string;
  url: string;
  exitCode: number;
  scenarios: ScenarioResult[];
}

const PRELOAD = path.join(process.cwd(), "e2e", "fixtures", "conformance-bearer.mjs");
// A guard against a wedged run, not a measurement: the longest run here takes seconds.
const RUN_LIMIT_MS = 15 * 60_000;

export const passedScenario = (s: ScenarioResult) => s.failed === 0;

function parseSummary(output: string): Array<Omit<ScenarioResult, "failures">> {
  const summary = output.slice(output.lastIndexOf("=== SUMMARY ==="));
  const unscored = new Set([...summary.matchAll(/^\s+[✓✗] (\S+) \([\w-]+\)$/gm)].map((m) => m[1]!));
  return [...summary.matchAll(/^[✓✗] (\S+): (\d+) passed, (\d+) failed$/gm)].map((m) => ({
    name: m[1]!,
    passed: Number(m[2]),
    failed: Number(m[3]),
    scored: !unscored.has(m[1]!),
  }));
}

/** The failed checks per scenario, from the suite's `-o` folder (`server-<scenario>-<timestamp>/checks.json`). */
function readFailures(outDir: string): Map<string, ScenarioResult["failures"]> {
  const failures = new Map<string, ScenarioResult["failures"]>();
  if (!existsSync(outDir)) return failures;
  for (const entry of readdirSync(outDir)) {
    const scenario = /^server-(.+)-\d{4}-\d\d-\d\dT[\d-]+Z$/.exec(entry)?.[1];
    const file = path.join(outDir, entry, "checks.json");
    if (!scenario || !existsSync(file)) continue;
    const checks = JSON.parse(readFileSync(file, "utf8")) as Array<{
      id: string;
      status: string;
      errorMessage?: string;
    }>;
    const failed = checks.filter((c) => c.status === "FAILURE").map((c) => ({ check: c.id, message: c.errorMessage }));
    failures.set(scenario, [...(failures.get(scenario) ?? []), ...failed]);
  }
  return failures;
}

export async function runConformance(
  run: RunName,
  opts: { url: string; token?: string; verbose?: boolean; tools?: ConformanceTools },
): Promise<RunSummary> {
  const tools = opts.tools ?? ensureConformanceTools();
  const entry = run === "stable" ? tools.stable : tools.alpha;
  const suite = run === "stable" ? `${tools.stableVersion}` : `${tools.alphaVersion} --requirements ${run}`;
  const work = mkdtempSync(path.join(os.tmpdir(), "mcp-conformance-"));
  const outDir = path.join(work, "results");
  const args = [
    ...(opts.token ? ["--import", PRELOAD] : []),
    entry,
    "server",
    "--url",
    opts.url,
    ...(run === "stable" ? [] : ["--requirements", run]),
    "-o",
    outDir,
  ];
  // The token travels in the environment only: command lines are visible to every local user.
  const env = { ...process.env };
  delete env.MCP_CONFORMANCE_TOKEN;
  if (opts.token)
    Object.assign(env, { MCP_CONFORMANCE_BEARER_TOKEN: opts.token, MCP_CONFORMANCE_BEARER_ORIGIN: opts.url });
  try {
    const child = spawn(tools.node, args, { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (opts.verbose) process.stdout.write(chunk);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const limit = setTimeout(() => child.kill("SIGKILL"), RUN_LIMIT_MS);
    const exitCode = await new Promise<number>((resolve) => child.once("close", (code) => resolve(code ?? 1)));
    clearTimeout(limit);
    const failures = readFailures(outDir);
    const scenarios = parseSummary(output).map((s) => ({ ...s, failures: failures.get(s.name) ?? [] }));
    if (scenarios.length === 0)
      console.error(`The ${run} run printed no summary; its output ends:\n${output.slice(-3000)}`);
    return { run, suite, url: opts.url, exitCode, scenarios };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function formatSummary(s: RunSummary): string {
  const lines = [`── ${s.run}: @modelcontextprotocol/conformance ${s.suite} against ${s.url}`];
  for (const sc of s.scenarios) {
    const mark = passedScenario(sc) ? "✓" : "✗";
    lines.push(`${mark} ${sc.name}: ${sc.passed} passed, ${sc.failed} failed${sc.scored ? "" : " (not scored)"}`);
    if (sc.scored)
      for (const f of sc.failures) lines.push(`    ✗ ${f.check}${f.message ? `: ${f.message.slice(0, 300)}` : ""}`);
  }
  const scored = s.scenarios.filter((sc) => sc.scored);
  const unscored = s.scenarios.filter((sc) => !sc.scored);
  const checks = (list: ScenarioResult[], k: "passed" | "failed") => list.reduce((n, sc) => n + sc[k], 0);
  lines.push(
    `Scored: ${scored.filter(passedScenario).length}/${scored.length} scenarios passed ` +
      `(${checks(scored, "passed")} checks passed, ${checks(scored, "failed")} failed)`,
  );
  if (unscored.length) {
    const failing = unscored.filter((sc) => !passedScenario(sc)).map((sc) => sc.name);
    lines.push(
      `Not scored: ${unscored.length - failing.length}/${unscored.length} passed` +
        (failing.length ? `; failing: ${failing.join(", ")}` : ""),
    );
  }
  lines.push(`Suite exit status: ${s.exitCode}`);
  return lines.join("\n");
}

/** Scenarios (scored or not) that passed in `direct` but not in `through`: what the path in between lost. */
export function lostThrough(direct: RunSummary, through: RunSummary): string[] {
  const there = new Map(through.scenarios.map((s) => [s.name, s]));
  return direct.scenarios
    .filter((d) => passedScenario(d) && !(there.get(d.name) && passedScenario(there.get(d.name)!)))
    .map((d) => d.name);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      through: { type: "string" },
      token: { type: "string" },
      runs: { type: "string" },
      json: { type: "string" },
      baseline: { type: "string" },
      verbose: { type: "boolean", default: false },
    },
  });
  const token = values.token ?? process.env.MCP_CONFORMANCE_TOKEN;
  const runs = (values.runs?.split(",") ?? [...RUNS]) as RunName[];
  const unknown = runs.filter((r) => !RUNS.includes(r));
  if (unknown.length) throw new Error(`Unknown run(s): ${unknown.join(", ")}; choose from ${RUNS.join(", ")}`);
  const tools = ensureConformanceTools();

  const target = values.url ?? values.through;
  const fixture = target ? undefined : await startConformanceServer({ requireBearer: token });
  const url = target ?? fixture!.mcpUrl;
  if (fixture) console.log(`Conformance fixture upstream at ${url}${token ? " (requires the bearer token)" : ""}`);
  const summaries: RunSummary[] = [];
  try {
    for (const run of runs) {
      const summary = await runConformance(run, { url, token, verbose: values.verbose, tools });
      console.log(`\n${formatSummary(summary)}`);
      summaries.push(summary);
    }
  } finally {
    await fixture?.close();
  }

  if (values.json) writeFileSync(values.json, JSON.stringify(summaries, null, 2));
  let ok = summaries.every(
    (s) => s.scenarios.length > 0 && s.scenarios.every((sc) => !sc.scored || passedScenario(sc)),
  );
  if (values.baseline) {
    const baseline = JSON.parse(readFileSync(values.baseline, "utf8")) as RunSummary[];
    for (const s of summaries) {
      const direct = baseline.find((b) => b.run === s.run);
      if (!direct) continue;
      const lost = lostThrough(direct, s);
      console.log(`\n${s.run}: ${lost.length ? `passed directly but not here: ${lost.join(", ")}` : "nothing lost"}`);
      if (lost.length) ok = false;
    }
  }
  console.log(
    "\n" +
      summaries
        .map((s) => `${s.run}: ${s.scenarios.filter((sc) => sc.scored).every(passedScenario) ? "PASS" : "FAIL"}`)
        .join("   "),
  );
  return ok ? 0 : 1;
}

if (process.argv[1] && /mcp-conformance\.[cm]?[jt]s$/.test(process.argv[1])) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
