// Key rotation: re-seals every stored secret under the key ring's primary key, in batches, idempotently; reports counts only.
import type { Db } from "@/lib/db/connect";
import {
  countSealedValues,
  listRowsWithStaleSecrets,
  listSealedTables,
  replaceSealedValues,
  type RowKey,
  type SealedColumn,
} from "@/lib/db/queries/sealed-columns";
import { decryptSecret, encryptSecret, keyIdOf, SecretBoxError, type KeyRing } from "@/lib/crypto/secret-box";

export interface ColumnReport {
  /** "table.column" */
  column: string;
  /** Values re-sealed under the primary key by this run. */
  rotated: number;
  /** Values that were already under the primary key. */
  alreadyCurrent: number;
  /** Values still under another key after the run (changed by a running instance meanwhile): run again. */
  remaining: number;
}

export class KeyRotationError extends Error {
  override name = "KeyRotationError";
}

export async function rotateEncryptionKeys(
  db: Db,
  ring: KeyRing,
  opts: { batchSize?: number; onColumn?: (report: ColumnReport) => void } = {},
): Promise<ColumnReport[]> {
  const batchSize = opts.batchSize ?? 200;
  const reports: ColumnReport[] = [];
  for (const table of listSealedTables()) {
    const before = new Map<string, { total: number; stale: number }>();
    for (const c of table.columns) before.set(c.key, await countSealedValues(db, table, c, ring.primary));
    const rotated = new Map(table.columns.map((c) => [c.key, 0]));

    let after: RowKey | undefined;
    for (;;) {
      const rows = await listRowsWithStaleSecrets(db, table, ring.primary, batchSize, after);
      if (!rows.length) break;
      const batch = rows.map((row) => ({
        key: row.key,
        changes: table.columns.flatMap((c) => reseal(ring, table.name, c, row.key, row.values[c.key] ?? null)),
      }));
      // One transaction per batch: a batch is written whole or not at all.
      await db.transaction(async (tx) => {
        for (const row of batch) {
          if (row.changes.length && (await replaceSealedValues(tx, table, row.key, row.changes))) {
            for (const ch of row.changes) rotated.set(ch.column.key, rotated.get(ch.column.key)! + 1);
          }
        }
      });
      after = rows[rows.length - 1]!.key;
      if (rows.length < batchSize) break;
    }

    for (const c of table.columns) {
      const counts = before.get(c.key)!;
      const report = {
        column: `${table.name}.${c.name}`,
        rotated: rotated.get(c.key)!,
        alreadyCurrent: counts.total - counts.stale,
        remaining: (await countSealedValues(db, table, c, ring.primary)).stale,
      };
      reports.push(report);
      opts.onColumn?.(report);
    }
  }
  return reports;
}

function reseal(ring: KeyRing, table: string, column: SealedColumn, key: RowKey, value: string | null) {
  if (value === null) return [];
  // Row keys are ids, never secrets; messages name key ids, never key material or values.
  const where = `${table}.${column.name} (row ${key.join(", ")})`;
  let plaintext: string;
  try {
    const kid = keyIdOf(value);
    if (kid === ring.primary) return [];
    if (!ring.keys.has(kid)) {
      throw new KeyRotationError(
        `A value in ${where} is sealed with key "${kid}", which is not in the key ring. Add that key (after the ` +
          `primary) to SWITCHBOARD_ENCRYPTION_KEYS and run again; nothing has been lost.`,
      );
    }
    plaintext = decryptSecret(ring, value);
  } catch (err) {
    if (err instanceof KeyRotationError) throw err;
    throw new KeyRotationError(
      `A value in ${where} cannot be opened: ${err instanceof SecretBoxError ? err.message : "unreadable"}`,
    );
  }
  return [{ column, from: value, to: encryptSecret(ring, plaintext) }];
}
