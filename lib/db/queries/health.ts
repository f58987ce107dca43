// The database round trip behind /api/healthz.
import { sql } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";

export async function pingDatabase(db: Queryable): Promise<void> {
  await db.execute(sql`select 1`);
}
