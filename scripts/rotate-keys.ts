// `npm run keys:rotate [-- --new-key] [--batch-size N]`: re-seals every stored secret under the primary encryption key.
// Prints counts per column, never a value. PGlite: stop the server first (one process per data dir; this refuses otherwise).
import { ConfigError, env } from "@/lib/env";
import { existsSync } from "node:fs";
import { loadEnvConfig } from "@next/env";
import { addGeneratedPrimaryKey, configuredKeyRing, keyRingIsGenerated } from "@/lib/crypto/instance-secrets";
import { openDatabase, type DbHandle } from "@/lib/db/connect";
import { databaseTarget, describeTarget } from "@/lib/db/target";
import { KeyRotationError, rotateEncryptionKeys } from "@/lib/crypto/rotate-keys";

const USAGE = `Usage: npm run keys:rotate [-- --new-key] [--batch-size N]

Re-encrypts every *_encrypted column under the primary (first) key of SWITCHBOARD_ENCRYPTION_KEYS.
  1. Put the new key FIRST and keep the old ones after it, e.g. SWITCHBOARD_ENCRYPTION_KEYS=k2:<new>,k1:<old>,
     on every instance (they can then read both), and restart them.
  2. Run this (embedded PGlite: stop the server first; PostgreSQL: instances may keep running).
  3. Once it reports 0 remaining, old keys may be removed from the ring.
--new-key   only when keys were generated into the data dir (SWITCHBOARD_ENCRYPTION_KEYS unset): adds a new
            primary key to <data dir>/secrets.json first (the key is never printed).`;

function parseArgs(argv: string[]) {
  const opts = { newKey: false, batchSize: 200, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--new-key") opts.newKey = true;
    else if (a === "--help" || a === "-h") opts.help = true;
    else if (a === "--batch-size") {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1 || n > 10_000)
        throw new ConfigError("--batch-size must be a whole number from 1 to 10000.");
      opts.batchSize = n;
    } else throw new ConfigError(`Unknown argument ${a}.\n\n${USAGE}`);
  }
  return opts;
}

async function main(): Promise<number> {
  // The same .env files `npm start` reads (.env.production.local, .env.local, …), so both see one configuration.
  loadEnvConfig(process.cwd(), false, { info: () => {}, error: (...a: unknown[]) => console.error(...a) });
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const target = databaseTarget(env());
  console.log(`Switchboard key rotation: ${describeTarget(target)}`);
  if (target.kind === "pglite" && target.dataDir && !existsSync(target.dataDir)) {
    console.log("There is no embedded database yet, so nothing is sealed: nothing to do.");
    return 0;
  }
  if (!configuredKeyRing()) {
    console.error("No key ring: SWITCHBOARD_ENCRYPTION_KEYS is unset and the data dir holds no generated keys.");
    return 1;
  }
  let handle: DbHandle;
  try {
    // For PGlite this takes the data dir's lock, so it refuses while the server (or anything else) has it open.
    handle = await openDatabase(target);
  } catch (err) {
    console.error(`Cannot open the database: ${(err as Error).message}`);
    return 1;
  }
  try {
    if (opts.newKey) {
      const kid = addGeneratedPrimaryKey();
      console.log(`Added a new primary key "${kid}" to the data dir's key ring.`);
    }
    const ring = configuredKeyRing()!;
    console.log(
      `Primary key: ${ring.primary} (ring: ${[...ring.keys.keys()].join(", ")})${keyRingIsGenerated() ? ", from the data dir" : ""}`,
    );
    let rotated = 0;
    let current = 0;
    let remaining = 0;
    const reports = await rotateEncryptionKeys(handle.db, ring, {
      batchSize: opts.batchSize,
      onColumn: (r) => {
        console.log(
          `  ${r.column.padEnd(52)} ${String(r.rotated).padStart(6)} re-encrypted  ${String(r.alreadyCurrent).padStart(6)} already current${r.remaining ? `  ${r.remaining} REMAINING` : ""}`,
        );
      },
    });
    for (const r of reports) {
      rotated += r.rotated;
      current += r.alreadyCurrent;
      remaining += r.remaining;
    }
    console.log(
      `Done: ${rotated} re-encrypted, ${current} already current, ${remaining} remaining under other keys (${reports.length} columns).`,
    );
    if (remaining) {
      console.log("Some values changed while rotating (a running instance with an older ring?). Run again.");
      return 2;
    }
    if (ring.keys.size > 1)
      console.log(
        `Every stored secret is now sealed with "${ring.primary}"; the other keys may be removed from the ring.`,
      );
    return 0;
  } catch (err) {
    console.error(
      err instanceof KeyRotationError || err instanceof ConfigError
        ? err.message
        : `Key rotation failed: ${(err as Error).message}`,
    );
    return 1;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : `Key rotation failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
