import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { log, describeError } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const db = await getDb();
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error("database health check timed out")), 3000)),
    ]);
    return Response.json({ status: "ok", db: "ok" }, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    log.warn("health check failed", { error: describeError(err) });
    return Response.json({ status: "error", db: "error" }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}
