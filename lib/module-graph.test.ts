// lib/'s modules (each folder, and each file directly in lib/) depend on each other without cycles, so each can be
// read, tested and changed from the bottom up. Type-only imports count too: they couple modules just the same.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const LIB = path.join(process.cwd(), "lib");

/**
 * Imports known to close a cycle, each being removed in its own change (i9-gateway-seams: tool-policy ↔ naming;
 * i9-auth-strategy: callbackUrlFor). Delete an entry when its import goes; never add one.
 */
const KNOWN_CYCLE_IMPORTS = new Set([
  "lib/registry/tool-policy.ts -> lib/gateway/naming.ts",
  "lib/upstream/oauth-connect.ts -> lib/registry/servers.ts",
  "lib/upstream/connection-test.ts -> lib/registry/tool-policy.ts",
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** The module a lib file belongs to: its top folder under lib/, or the file itself when it sits in lib/. */
const moduleOf = (rel: string) => rel.split("/").slice(0, 2).join("/");

function importsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const specs = [
    ...source.matchAll(/^\s*(?:import|export)\s[^;]*?\bfrom\s+["'](@\/lib\/[^"']+)["']/gm),
    ...source.matchAll(/\bimport\(\s*["'](@\/lib\/[^"']+)["']\s*\)/g),
  ].map((m) => m[1]!);
  return specs.map((spec) => {
    const base = path.join(process.cwd(), spec.slice(2));
    const found = [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false;
      }
    });
    if (!found) throw new Error(`${path.relative(process.cwd(), file)} imports ${spec}, which does not exist`);
    return path.relative(process.cwd(), found);
  });
}

/** Module → module edges (each with the imports behind it), leaving out the known cycle imports. */
function moduleGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(LIB)) {
    const rel = path.relative(process.cwd(), file);
    for (const target of importsOf(file)) {
      const edge = `${rel} -> ${target}`;
      const [from, to] = [moduleOf(rel), moduleOf(target)];
      if (from === to || KNOWN_CYCLE_IMPORTS.has(edge)) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      const out = graph.get(from)!;
      out.set(to, [...(out.get(to) ?? []), edge]);
    }
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the imports that form it. */
function cycles(graph: Map<string, Map<string, string[]>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (state.get(next) === "open") {
        const loop = [...stack.slice(stack.indexOf(next)), next];
        found.push(loop.slice(1).map((to, i) => graph.get(loop[i]!)!.get(to)![0]!));
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe("lib/ module graph", () => {
  it("finds the modules and their imports", () => {
    const graph = moduleGraph();
    expect([...graph.keys()]).toEqual(expect.arrayContaining(["lib/http", "lib/auth", "lib/registry", "lib/gateway"]));
    expect([...graph.get("lib/http")!.keys()]).toContain("lib/auth");
  });

  it("has no cycle between modules", () => {
    expect(cycles(moduleGraph())).toEqual([]);
  });

  it("would report a cycle", () => {
    const graph = new Map([
      ["lib/a", new Map([["lib/b", ["lib/a/x.ts -> lib/b/y.ts"]]])],
      ["lib/b", new Map([["lib/a", ["lib/b/y.ts -> lib/a/z.ts"]]])],
    ]);
    expect(cycles(graph)).toEqual([["lib/a/x.ts -> lib/b/y.ts", "lib/b/y.ts -> lib/a/z.ts"]]);
  });
});
