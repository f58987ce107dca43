// The MCP conformance suite (two versions) and the Node 22 it needs, installed from the npm registry into
// .tools/conformance (git-ignored) on first use, so the project's own Node stays what it is.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const NODE_VERSION = "22.23.3";
// The stable line is installed under an alias so that both versions live in one folder.
const STABLE = { alias: "conformance-stable", version: "0.1.16" };
const ALPHA = { alias: "@modelcontextprotocol/conformance", version: "0.2.0-alpha.12" };
const NODE_PACKAGE = `node-${process.platform}-${process.arch}`;

export interface ConformanceTools {
  /** A Node 22 binary. */
  node: string;
  /** Entry points of the suite: 0.1.x (2025-era scenarios) and the 0.2 alpha (`--requirements <revision>`). */
  stable: string;
  alpha: string;
  stableVersion: string;
  alphaVersion: string;
}

const dir = () => path.join(process.cwd(), ".tools", "conformance");

function installedVersion(name: string): string | undefined {
  const file = path.join(dir(), "node_modules", name, "package.json");
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version;
}

export function ensureConformanceTools(): ConformanceTools {
  const modules = path.join(dir(), "node_modules");
  const tools: ConformanceTools = {
    node: path.join(modules, NODE_PACKAGE, "bin", "node"),
    stable: path.join(modules, STABLE.alias, "dist", "index.js"),
    alpha: path.join(modules, ALPHA.alias, "dist", "index.js"),
    stableVersion: STABLE.version,
    alphaVersion: ALPHA.version,
  };
  const current =
    installedVersion(NODE_PACKAGE) === NODE_VERSION &&
    installedVersion(STABLE.alias) === STABLE.version &&
    installedVersion(ALPHA.alias) === ALPHA.version;
  if (current) return tools;
  mkdirSync(dir(), { recursive: true });
  const manifest = path.join(dir(), "package.json");
  if (!existsSync(manifest)) {
    writeFileSync(manifest, JSON.stringify({ name: "switchboard-conformance-tools", private: true }));
  }
  const specs = [
    `${NODE_PACKAGE}@${NODE_VERSION}`,
    `${ALPHA.alias}@${ALPHA.version}`,
    `${STABLE.alias}@npm:@modelcontextprotocol/conformance@${STABLE.version}`,
  ];
  console.log(`Installing ${specs.join(", ")} into ${dir()} …`);
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--save-exact", ...specs], {
    cwd: dir(),
    stdio: "inherit",
  });
  return tools;
}
