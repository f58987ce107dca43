// Start-up: validate configuration (exit with a clear message when bad), open and migrate the database, bootstrap the admin.
import "server-only";
import { ConfigError, env, appUrl } from "@/lib/env";
import { instanceSecrets } from "@/lib/crypto/instance-secrets";
import { getDbHandle } from "@/lib/db/client";
import { countUsers } from "@/lib/db/queries/users";
import { bootstrapAdmin } from "@/lib/users/manage";
import { log, describeError } from "@/lib/log";

export async function startup(): Promise<void> {
  let e;
  try {
    e = env();
    instanceSecrets();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : `[switchboard] cannot start: ${describeError(err)}`);
    process.exit(1);
  }
  try {
    const handle = await getDbHandle();
    if (e.SWITCHBOARD_ADMIN_EMAIL && e.SWITCHBOARD_ADMIN_PASSWORD) {
      const admin = await bootstrapAdmin(handle, e.SWITCHBOARD_ADMIN_EMAIL, e.SWITCHBOARD_ADMIN_PASSWORD);
      if (admin) log.info("created the first admin from SWITCHBOARD_ADMIN_EMAIL", { email: admin.email });
    }
    if ((await countUsers(handle.db)) === 0) {
      log.info(`no users yet: finish set-up at ${appUrl("/setup")}`);
    } else {
      log.info(`console ready at ${appUrl("/")}`);
    }
  } catch (err) {
    // Keep serving: /api/healthz reports the database as down until it comes back.
    log.error("database unavailable at start-up", { error: describeError(err) });
  }
}
