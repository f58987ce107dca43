// The logger's safety nets: secret-looking fields are masked, and failed queries are described without their values.
import { expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { describeEachDriver } from "@/lib/testing/databases";
import { describeError, log } from "@/lib/log";

it("masks fields whose names look like secrets", () => {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
  log.error("x", { accessToken: "at-1", client_secret: "cs-1", serverId: "s-1" });
  spy.mockRestore();
  expect(lines.join("\n")).not.toMatch(/at-1|cs-1/);
  expect(lines.join("\n")).toContain("serverId=s-1");
});

describeEachDriver("describeError on a failed query", ({ db }) => {
  it("names the statement but never the values bound to it (sealed secrets, password hashes)", async () => {
    const err = await db()
      .execute(sql`select ${"scrypt$SECRET-HASH-VALUE"}::int`)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const described = describeError(err);
    expect(described).toContain("select $1::int");
    expect(described).not.toContain("SECRET-HASH-VALUE");
  });
});
