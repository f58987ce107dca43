// The app's database handle: opened lazily once per process (never at import, so `next build` touches nothing).
import "server-only";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { openDatabase, type DbHandle } from "@/lib/db/connect";
import { databaseTarget } from "@/lib/db/target";

const key = Symbol.for("switchboard.db");
type Holder = { [key]?: Promise<DbHandle> };
const holder = globalThis as Holder;

export function getDbHandle(): Promise<DbHandle> {
  holder[key] ??= (async () => {
    const target = databaseTarget(env());
    const started = Date.now();
    const handle = await openDatabase(target);
    log.info("database ready", { driver: handle.kind, ms: Date.now() - started });
    return handle;
  })().catch((err) => {
    holder[key] = undefined;
    throw err;
  });
  return holder[key];
}
