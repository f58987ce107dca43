import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import type { Db, DbHandle } from "@/lib/db/connect";
import { openDatabase } from "@/lib/db/connect";
import { mcpServers, mcpServerUserTokens, oidcAccounts, users } from "@/lib/db/schema";
import { listSealedTables, replaceSealedValues } from "@/lib/db/queries/sealed-columns";
import { decryptSecret, encryptSecret, generateKeyEntry, parseKeyRing, type KeyRing } from "@/lib/crypto/secret-box";
import { KeyRotationError, rotateEncryptionKeys } from "@/lib/crypto/rotate-keys";
import { createPostgresDatabase, describeEachDriver, describePostgres, uniqueEmail } from "@/lib/testing/databases";

const k0 = generateKeyEntry("k0");
const k1 = generateKeyEntry("k1");
const k2 = generateKeyEntry("k2");
const ring1 = parseKeyRing(k1);
const ring2 = parseKeyRing(k2);
const ring21 = parseKeyRing(`${k2},${k1}`);

/** Every non-null sealed value in the database, as "table.column#row" → ciphertext. */
async function allSealedValues(db: Db): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of listSealedTables()) {
    const fields = Object.fromEntries([["pk", t.primaryKey[0]!.column], ...t.columns.map((c) => [c.key, c.column])]);
    const rows = (await db.select(fields).from(t.table)) as Array<Record<string, string | null>>;
    for (const r of rows)
      for (const c of t.columns) if (r[c.key] != null) out.set(`${t.name}.${c.name}#${r.pk}`, r[c.key]!);
  }
  return out;
}

/** Seeds every table that holds secrets; returns the plaintexts by the same keys allSealedValues uses. */
async function seed(db: Db, sealWith: (i: number) => KeyRing, rows = 3): Promise<Map<string, string>> {
  const plain = new Map<string, string>();
  let i = 0;
  const seal = (where: string, text: string) => {
    plain.set(where, text);
    return encryptSecret(sealWith(i++), text);
  };
  for (let n = 0; n < rows; n++) {
    const [u] = await db
      .insert(users)
      .values({ email: uniqueEmail("rot"), name: "Rot", role: "member" })
      .returning();
    const oidcId = crypto.randomUUID();
    await db.insert(oidcAccounts).values({
      id: oidcId,
      userId: u!.id,
      provider: "oidc",
      subject: `sub-${oidcId}`,
      accessTokenEncrypted: seal(`oidc_accounts.access_token_encrypted#${oidcId}`, `idp-access-${n}-${oidcId}`),
      // One row without a refresh token: nulls are left alone.
      refreshTokenEncrypted:
        n === 0 ? null : seal(`oidc_accounts.refresh_token_encrypted#${oidcId}`, `idp-refresh-${n}-${oidcId}`),
    });
    const serverId = crypto.randomUUID();
    const slug = `rot-${serverId.slice(0, 8)}`;
    await db.insert(mcpServers).values({
      id: serverId,
      displayName: "Rot",
      slug,
      toolPrefix: slug,
      url: "https://mcp.example.test/mcp",
      oauth2ClientSecretEncrypted: seal(
        `mcp_servers.oauth2_client_secret_encrypted#${serverId}`,
        `client-secret-${serverId}`,
      ),
      apiKeyValueEncrypted: seal(`mcp_servers.api_key_value_encrypted#${serverId}`, `api-key-${serverId}`),
      customHeadersEncrypted: seal(
        `mcp_servers.custom_headers_encrypted#${serverId}`,
        JSON.stringify({ "x-secret": `h-${serverId}` }),
      ),
    });
    const tokenId = crypto.randomUUID();
    await db.insert(mcpServerUserTokens).values({
      id: tokenId,
      serverId,
      userId: u!.id,
      accessTokenEncrypted: seal(
        `mcp_server_user_tokens.access_token_encrypted#${tokenId}`,
        `upstream-access-${tokenId}`,
      ),
      refreshTokenEncrypted: seal(
        `mcp_server_user_tokens.refresh_token_encrypted#${tokenId}`,
        `upstream-refresh-${tokenId}`,
      ),
    });
  }
  return plain;
}

function expectAllUnder(values: Map<string, string>, plain: Map<string, string>, kid: string, ring: KeyRing) {
  for (const [where, text] of plain) {
    const sealed = values.get(where);
    expect(sealed, where).toMatch(new RegExp(`^v1\\.${kid}\\.`));
    expect(decryptSecret(ring, sealed!), where).toBe(text);
  }
}

describeEachDriver("key rotation", ({ db }) => {
  it("finds every *_encrypted column that the migrations created", async () => {
    const result = await db().execute(
      sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and column_name like '%\_encrypted'`,
    );
    const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as Array<{
      table_name: string;
      column_name: string;
    }>;
    const inDatabase = rows.map((r) => `${r.table_name}.${r.column_name}`).sort();
    const discovered = listSealedTables()
      .flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`))
      .sort();
    expect(inDatabase.length).toBeGreaterThanOrEqual(7);
    expect(discovered).toEqual(inDatabase);
  });

  it("re-seals every value under the new primary key in batches, counts them, and is idempotent", async () => {
    // Every third value is already under k2 (sealed by an instance that had the new ring).
    const plain = await seed(db(), (i) => (i % 3 === 2 ? ring2 : ring1));
    const total = plain.size;
    const already = [...(await allSealedValues(db())).values()].filter((v) => v.startsWith("v1.k2.")).length;
    expect(already).toBeGreaterThan(0);

    const reports = await rotateEncryptionKeys(db(), ring21, { batchSize: 2 });
    const sum = (k: "rotated" | "alreadyCurrent" | "remaining") => reports.reduce((n, r) => n + r[k], 0);
    expect(sum("rotated")).toBe(total - already);
    expect(sum("alreadyCurrent")).toBe(already);
    expect(sum("remaining")).toBe(0);
    expect(
      reports.find((r) => r.column === "oidc_accounts.refresh_token_encrypted")!.rotated +
        reports.find((r) => r.column === "oidc_accounts.refresh_token_encrypted")!.alreadyCurrent,
    ).toBe(2);
    // Every value now opens with k2 alone: k1 can leave the ring.
    expectAllUnder(await allSealedValues(db()), plain, "k2", ring2);

    const again = await rotateEncryptionKeys(db(), ring21, { batchSize: 2 });
    expect(again.reduce((n, r) => n + r.rotated, 0)).toBe(0);
    expect(again.reduce((n, r) => n + r.alreadyCurrent, 0)).toBe(total);
    expectAllUnder(await allSealedValues(db()), plain, "k2", ring2);
  });

  it("never overwrites a value that changed after it was read (compare-and-set)", async () => {
    await seed(db(), () => ring1, 1);
    const t = listSealedTables().find((x) => x.name === "oidc_accounts")!;
    const access = t.columns.find((c) => c.name === "access_token_encrypted")!;
    const [row] = await db().select().from(oidcAccounts).limit(1);
    const written = await replaceSealedValues(
      db(),
      t,
      [row!.id],
      [{ column: access, from: "v1.k1.not-what-is-stored", to: "v1.k2.x" }],
    );
    expect(written).toBe(false);
    const [after] = await db().select().from(oidcAccounts).where(eq(oidcAccounts.id, row!.id));
    expect(after!.accessTokenEncrypted).toBe(row!.accessTokenEncrypted);
  });
});

describeEachDriver("key rotation with a key missing from the ring", ({ db }) => {
  it("stops with an error naming the key id and the column, never a value or key material", async () => {
    const plain = await seed(db(), (i) => (i === 4 ? parseKeyRing(k0) : ring1), 2);
    const err = await rotateEncryptionKeys(db(), ring21).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(KeyRotationError);
    expect(err!.message).toMatch(/sealed with key "k0", which is not in the key ring/);
    expect(err!.message).toMatch(/[a-z_]+\.[a-z_0-9]+_encrypted \(row [0-9a-f-]{36}\)/);
    for (const text of plain.values()) expect(err!.message).not.toContain(text);
    for (const entry of [k0, k1, k2]) expect(err!.message).not.toContain(entry.split(":")[1]);
  });
});

// The CLI end to end: `tsx scripts/rotate-keys.ts` as a child process, the way `npm run keys:rotate` runs it.
function runCli(env: Record<string, string | undefined>, args: string[] = []): Promise<{ code: number; out: string }> {
  const childEnv = {
    ...process.env,
    SWITCHBOARD_ENCRYPTION_KEYS: undefined,
    DATABASE_URL: undefined,
    ...env,
  } as Record<string, string | undefined>;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(process.cwd(), "node_modules/tsx/dist/cli.mjs"), "scripts/rotate-keys.ts", ...args],
      {
        env: Object.fromEntries(
          Object.entries(childEnv).filter((e): e is [string, string] => e[1] !== undefined),
        ) as NodeJS.ProcessEnv,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? -1, out }));
  });
}

function expectNoSecretsIn(out: string, plain: Map<string, string>, sealed: Iterable<string>) {
  for (const text of plain.values()) expect(out).not.toContain(text);
  for (const value of sealed) expect(out).not.toContain(value.slice(6, 40));
}

describe("npm run keys:rotate", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), "sb-rotate-"));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("PGlite: refuses while another process holds the data dir, then rotates once it is free", async () => {
    const dataDir = tempDir();
    const handle: DbHandle = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "pglite") });
    let plain: Map<string, string>;
    try {
      plain = await seed(handle.db, () => ring1, 2);
      const busy = await runCli({ SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_ENCRYPTION_KEYS: `${k2},${k1}` });
      expect(busy.code).toBe(1);
      expect(busy.out).toContain(`in use by process ${process.pid}`);
    } finally {
      await handle.close();
    }
    const sealedBefore = [...(await reopen(dataDir, (db) => allSealedValues(db))).values()];
    const run = await runCli({ SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_ENCRYPTION_KEYS: `${k2},${k1}` }, [
      "--batch-size",
      "3",
    ]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/oidc_accounts\.access_token_encrypted\s+2 re-encrypted\s+0 already current/);
    expect(run.out).toMatch(/Done: 13 re-encrypted, 0 already current, 0 remaining/);
    expectNoSecretsIn(run.out, plain, sealedBefore);
    await reopen(dataDir, async (db) => expectAllUnder(await allSealedValues(db), plain, "k2", ring2));

    const again = await runCli({ SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_ENCRYPTION_KEYS: `${k2},${k1}` });
    expect(again.out).toMatch(/Done: 0 re-encrypted, 13 already current, 0 remaining/);
  });

  it("PGlite with generated keys: --new-key adds a primary key to the data dir's ring and rotates to it", async () => {
    const dataDir = tempDir();
    writeFileSync(
      path.join(dataDir, "secrets.json"),
      JSON.stringify({ authSecret: "x".repeat(40), encryptionKeys: k1 }),
      { mode: 0o600 },
    );
    const plain = await reopen(dataDir, (db) => seed(db, () => ring1, 1));
    const run = await runCli({ SWITCHBOARD_DATA_DIR: dataDir }, ["--new-key"]);
    expect(run.code, run.out).toBe(0);
    const stored = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as { encryptionKeys: string };
    const ring = parseKeyRing(stored.encryptionKeys);
    expect([...ring.keys.keys()]).toEqual([ring.primary, "k1"]);
    expect(run.out).toContain(`Added a new primary key "${ring.primary}"`);
    expect(run.out).not.toContain(stored.encryptionKeys.split(",")[0]!.split(":")[1]);
    await reopen(dataDir, async (db) => expectAllUnder(await allSealedValues(db), plain, ring.primary, ring));
  });

  it("reports a value under a key missing from the ring, naming the key id, and exits non-zero", async () => {
    const dataDir = tempDir();
    await reopen(dataDir, (db) => seed(db, () => parseKeyRing(k0), 1));
    const run = await runCli({ SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_ENCRYPTION_KEYS: `${k2},${k1}` });
    expect(run.code).toBe(1);
    expect(run.out).toContain(`sealed with key "k0", which is not in the key ring`);
  });
});

describePostgres("npm run keys:rotate on PostgreSQL", () => {
  it("PostgreSQL: rotates through DATABASE_URL while an instance keeps its connection open", async () => {
    const created = await createPostgresDatabase();
    const handle = await openDatabase({ kind: "postgres", url: created.url });
    try {
      const plain = await seed(handle.db, () => ring1, 2);
      const run = await runCli({
        DATABASE_URL: created.url,
        SWITCHBOARD_DATA_DIR: path.join(os.tmpdir(), "sb-rotate-unused"),
        SWITCHBOARD_ENCRYPTION_KEYS: `${k2},${k1}`,
      });
      expect(run.code, run.out).toBe(0);
      expect(run.out).toContain("PostgreSQL at 127.0.0.1");
      expect(run.out).toMatch(/Done: 13 re-encrypted/);
      expectAllUnder(await allSealedValues(handle.db), plain, "k2", ring2);
    } finally {
      await handle.close();
      await created.drop();
    }
  });
});

async function reopen<T>(dataDir: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const h = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "pglite") });
  try {
    return await fn(h.db);
  } finally {
    await h.close();
  }
}
