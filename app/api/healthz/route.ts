// Public liveness and database health: 200 {status:"ok",db:"ok"}, or 503 {status:"error",db:"error"}; never details.
// Not declared with route(), which opens the database before its handler runs: this probe must time out opening it.
import { getDbHandle } from "@/lib/db/client";
import { pingDatabase } from "@/lib/db/queries/health";
import { log, describeError } from "@/lib/log";

export const dynamic = "force-dynamic";

const TIMEOUT_MS = 3000;

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database health check timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function GET() {
  const headers = { "cache-control": "no-store" };
  try {
    // Opening the database counts too: an unreachable server must answer 503 promptly, not hang the probe.
    await withTimeout((async () => pingDatabase((await getDbHandle()).db))(), TIMEOUT_MS);
    return Response.json({ status: "ok", db: "ok" }, { headers });
  } catch (err) {
    log.warn("health check failed", { error: describeError(err) });
    return Response.json({ status: "error", db: "error" }, { status: 503, headers });
  }
}
