import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DbHandle, Queryable } from "@/lib/db/connect";
import { withLock } from "@/lib/db/lock";
import { describeEachDriver, describePostgres, openSharedPostgres } from "@/lib/testing/databases";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts how many holders are inside at once; the highest count seen is the measure of exclusion. */
function overlapMeter() {
  let inside = 0;
  let max = 0;
  return {
    async section<T>(work: () => Promise<T>): Promise<T> {
      inside++;
      max = Math.max(max, inside);
      try {
        return await work();
      } finally {
        inside--;
      }
    },
    get max() {
      return max;
    },
  };
}

/** Resolves for everyone once `parties` holders have arrived: holders that were serialised would never all arrive. */
function barrier(parties: number) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return () => {
    if (++arrived === parties) open();
    return opened;
  };
}

async function readCounter(q: Queryable, name: string): Promise<number> {
  const rows = await q.execute<{ n: number }>(sql`select n from lock_test_counters where name = ${name}`);
  const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: { n: number }[] }).rows;
  return Number(list[0]!.n);
}

async function writeCounter(q: Queryable, name: string, n: number) {
  await q.execute(sql`update lock_test_counters set n = ${n} where name = ${name}`);
}

async function createCounter(q: Queryable, name: string) {
  await q.execute(sql`create table if not exists lock_test_counters (name text primary key, n integer not null)`);
  await q.execute(sql`insert into lock_test_counters (name, n) values (${name}, 0)`);
}

describeEachDriver("withLock", ({ handle }) => {
  it("runs holders of one key one at a time, and a read-modify-write loses no update", async () => {
    await createCounter(handle().db, "single");
    const meter = overlapMeter();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withLock(handle(), "test:single", (q) =>
          meter.section(async () => {
            const n = await readCounter(q, "single");
            await pause(2);
            await writeCounter(q, "single", n + 1);
          }),
        ),
      ),
    );
    expect(meter.max).toBe(1);
    expect(await readCounter(handle().db, "single")).toBe(20);
  });

  it("lets different keys run at the same time", async () => {
    const meter = overlapMeter();
    const arrive = barrier(2);
    await Promise.all([
      withLock(handle(), "test:a", () => meter.section(arrive)),
      withLock(handle(), "test:b", () => meter.section(arrive)),
    ]);
    expect(meter.max).toBe(2);
  });

  it("releases the key when the holder throws, and passes the value or error through", async () => {
    await expect(withLock(handle(), "test:throw", async () => Promise.reject(new Error("boom")))).rejects.toThrow(
      "boom",
    );
    await expect(withLock(handle(), "test:throw", async () => 42)).resolves.toBe(42);
  });
});

describePostgres("withLock across two instances", () => {
  let group: Awaited<ReturnType<typeof openSharedPostgres>>;
  beforeAll(async () => {
    group = await openSharedPostgres(2);
    await createCounter(group.handles[0]!.db, "shared");
  });
  afterAll(async () => {
    await group?.close();
  });

  it("excludes holders on another handle (advisory lock), so no update is lost", async () => {
    const [one, two] = group.handles as [DbHandle, DbHandle];
    const meter = overlapMeter();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        withLock(i % 2 ? one : two, "test:shared", (q) =>
          meter.section(async () => {
            const n = await readCounter(q, "shared");
            await pause(3);
            await writeCounter(q, "shared", n + 1);
          }),
        ),
      ),
    );
    expect(meter.max).toBe(1);
    expect(await readCounter(one.db, "shared")).toBe(30);
  });

  it("does not serialise different keys across handles", async () => {
    const [one, two] = group.handles as [DbHandle, DbHandle];
    const meter = overlapMeter();
    const arrive = barrier(2);
    await Promise.all([
      withLock(one, "test:x", () => meter.section(arrive)),
      withLock(two, "test:y", () => meter.section(arrive)),
    ]);
    expect(meter.max).toBe(2);
  });
});
