// A second app instance (own process and pool on the same PostgreSQL) for the refresh-concurrency test.
import readline from "node:readline";
import { openDatabase } from "@/lib/db/connect";
import { getMcpServerById } from "@/lib/db/queries/mcp-servers";
import { getUserById } from "@/lib/db/queries/users";
import { resolveUpstreamCredentials } from "@/lib/auth-types/credentials";

// Prints "WORKER READY", waits for "go" on stdin, resolves credentials N times at once, prints "WORKER RESULT <json>".
// Run with `node --conditions=react-server --import tsx`.
const { WORKER_DATABASE_URL, WORKER_SERVER_ID, WORKER_USER_ID, WORKER_COUNT } = process.env;

async function main() {
  const handle = await openDatabase({ kind: "postgres", url: WORKER_DATABASE_URL!, max: 10 });
  const server = (await getMcpServerById(handle.db, WORKER_SERVER_ID!))!;
  const user = (await getUserById(handle.db, WORKER_USER_ID!))!;
  console.log("WORKER READY");
  const rl = readline.createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => rl.once("line", () => resolve()));
  const results = await Promise.all(
    Array.from({ length: Number(WORKER_COUNT) }, () => resolveUpstreamCredentials(handle, user, server)),
  );
  console.log(
    `WORKER RESULT ${JSON.stringify(results.map((r) => (r.ok ? r.headers.Authorization : `failed:${r.state}`)))}`,
  );
  rl.close();
  await handle.close();
}

main().catch((err) => {
  console.error(`WORKER FAILED ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
