// Benchmark upstreams in their own process (so they do not share the load generator's CPU): one fast tools server
// and N servers that answer every request after a fixed delay. Prints "UPSTREAMS READY <json>".
import { startToolsServer } from "../e2e/fixtures/upstreams/tools-server";
import { startPagedServer } from "../e2e/fixtures/upstreams/paged-server";

const delayed = Number(process.env.DELAYED ?? 20);
const delayMs = Number(process.env.DELAY_MS ?? 50);

async function main() {
  const fast = await startToolsServer({ name: "bench-fast" });
  const slow = await Promise.all(
    Array.from({ length: delayed }, (_, i) =>
      startPagedServer({ name: `bench-delayed-${i + 1}`, tools: 5, pageSize: 100, delayMs }),
    ),
  );
  console.log(`UPSTREAMS READY ${JSON.stringify({ fast: fast.mcpUrl, delayed: slow.map((s) => s.mcpUrl) })}`);
}

void main();
