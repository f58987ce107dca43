// `npm test`: every check in order — types, lint, unit + database integration (PGlite and PostgreSQL), build, e2e.
// TEST_DATABASE_URL points the PostgreSQL suites at a server (each run creates and drops its own databases);
// when unset, a PostgreSQL on 127.0.0.1:5432 is used if one answers.
import { spawnSync } from "node:child_process";
import net from "node:net";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function reachable(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 1000 }, () => (s.destroy(), resolve(true)));
    s.on("error", () => resolve(false));
    s.on("timeout", () => (s.destroy(), resolve(false)));
  });
}

if (!env.TEST_DATABASE_URL && (await reachable("127.0.0.1", 5432))) {
  env.TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";
}
if (env.TEST_DATABASE_URL) {
  console.log(`\n▶ PostgreSQL suites run against ${env.TEST_DATABASE_URL.replace(/:[^:@/]*@/, ":***@")}`);
} else {
  console.log(
    "\n⚠ No PostgreSQL reachable and TEST_DATABASE_URL unset: the PostgreSQL suites will NOT run (PGlite only).",
  );
}

const steps = [
  ["typecheck", ["run", "typecheck"]],
  ["lint", ["run", "lint"]],
  ["unit + integration", ["run", "test:unit"]],
  ["build", ["run", "build"]],
  ["e2e", ["run", "test:e2e"]],
];
const only = process.argv.slice(2);
const started = Date.now();
for (const [name, args] of steps) {
  if (only.length && !only.includes(name.split(" ")[0])) continue;
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const r = spawnSync("npm", args, { stdio: "inherit", env });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✗ ${name} failed after ${secs}s`);
    process.exit(r.status ?? 1);
  }
  console.log(`✓ ${name} (${secs}s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)}s.`);
