import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEvents, users, type User } from "@/lib/db/schema";
import type { DbHandle } from "@/lib/db/connect";
import { getUserByEmail, getUserById } from "@/lib/db/queries/users";
import { verifyPassword } from "@/lib/crypto/password";
import { AppError } from "@/lib/errors";
import type { Principal } from "@/lib/auth/principal";
import {
  bootstrapAdmin,
  changeUser,
  createFirstAdmin,
  createUser,
  createUserInput,
  updateUserInput,
} from "@/lib/users/manage";
import { describeEachDriver, describePostgres, openSharedPostgres, uniqueEmail } from "@/lib/testing/databases";

const as = (user: User): Principal => ({ user, via: { kind: "session" } });

async function newUser(handle: DbHandle, actor: Principal, role: "admin" | "member" = "member") {
  return createUser(
    handle,
    actor,
    createUserInput.parse({ email: uniqueEmail(role), name: "Test User", password: "password-123", role }),
  );
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describeEachDriver("users", ({ handle }) => {
  let root: User;

  beforeAll(async () => {
    root = await createFirstAdmin(
      handle(),
      { email: uniqueEmail("root"), name: "Root", password: "password-123" },
      "127.0.0.1",
    );
  });

  it("first-run set-up creates an admin once, then answers conflict", async () => {
    expect(root.role).toBe("admin");
    const again = await rejection(
      createFirstAdmin(handle(), { email: uniqueEmail("second"), name: "Second", password: "password-123" }, null),
    );
    expect(again.code).toBe("conflict");
    expect(await bootstrapAdmin(handle(), uniqueEmail("boot"), "password-123")).toBeUndefined();
  });

  it("creates a user with a hashed password and audits it", async () => {
    const u = await newUser(handle(), as(root));
    const row = (await handle().db.select().from(users).where(eq(users.id, u.id)))[0]!;
    expect(row.passwordHash).not.toContain("password-123");
    expect(await verifyPassword("password-123", row.passwordHash)).toBe(true);
    const events = await handle().db.select().from(auditEvents).where(eq(auditEvents.targetId, u.id));
    expect(events).toEqual([
      expect.objectContaining({ kind: "user.created", actorId: root.id, via: "session", outcome: "ok" }),
    ]);
    expect(JSON.stringify(events)).not.toContain("password-123");
  });

  it("normalises email addresses (trimmed, lower-cased) and finds them case-insensitively", async () => {
    const mixed = `  Mixed.Case-${Date.now()}@Example.TEST `;
    const input = createUserInput.parse({ email: mixed, name: "Mixed", password: "password-123" });
    const u = await createUser(handle(), as(root), input);
    expect(u.email).toBe(mixed.trim().toLowerCase());
    expect((await getUserByEmail(handle().db, mixed.toUpperCase()))?.id).toBe(u.id);
  });

  it("refuses a duplicate email (any case) with a conflict naming the field, and changes nothing", async () => {
    const email = uniqueEmail("dup");
    await createUser(handle(), as(root), createUserInput.parse({ email, name: "One", password: "password-123" }));
    const err = await rejection(
      createUser(
        handle(),
        as(root),
        createUserInput.parse({ email: email.toUpperCase(), name: "Two", password: "password-456" }),
      ),
    );
    expect(err.code).toBe("conflict");
    expect(err.status).toBe(409);
    expect(err.fields).toEqual({ email: expect.any(String) });
    const rows = await handle().db.select().from(users).where(eq(users.email, email));
    expect(rows.map((r) => r.name)).toEqual(["One"]);
  });

  it("validates input with field messages", () => {
    const bad = createUserInput.safeParse({ email: "nope", name: "", password: "short", role: "owner", extra: 1 });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["email", "name", "password", "role"]));
    expect(updateUserInput.safeParse({}).success).toBe(false);
  });

  it("changes role and disabled state, auditing which fields changed", async () => {
    const u = await newUser(handle(), as(root));
    const promoted = await changeUser(handle(), as(root), u.id, { role: "admin" });
    expect(promoted.role).toBe("admin");
    const disabled = await changeUser(handle(), as(root), u.id, { disabled: true });
    expect(disabled.disabled).toBe(true);
    const events = await handle().db.select().from(auditEvents).where(eq(auditEvents.targetId, u.id));
    expect(events.filter((e) => e.kind === "user.updated").map((e) => e.details)).toEqual([
      { changed: ["role"], role: "admin" },
      { changed: ["disabled"], disabled: true },
    ]);
    // A no-op change writes nothing.
    await changeUser(handle(), as(root), u.id, { disabled: true });
    expect((await handle().db.select().from(auditEvents).where(eq(auditEvents.targetId, u.id))).length).toBe(
      events.length,
    );
  });

  it("answers not found for an unknown user", async () => {
    const err = await rejection(
      changeUser(handle(), as(root), "00000000-0000-4000-8000-000000000000", { role: "member" }),
    );
    expect(err.code).toBe("not_found");
  });

  it("never demotes or disables the last active admin", async () => {
    // Demote every other admin first so root is the last one.
    for (const u of await handle().db.select().from(users).where(eq(users.role, "admin"))) {
      if (u.id !== root.id) await changeUser(handle(), as(root), u.id, { role: "member" });
    }
    const demote = await rejection(changeUser(handle(), as(root), root.id, { role: "member" }));
    expect(demote.code).toBe("conflict");
    expect(demote.fields).toEqual({ role: expect.stringContaining("last active admin") });
    const disable = await rejection(changeUser(handle(), as(root), root.id, { disabled: true }));
    expect(disable.fields).toEqual({ disabled: expect.stringContaining("last active admin") });
    expect(await getUserById(handle().db, root.id)).toMatchObject({ role: "admin", disabled: false });

    // A disabled admin does not count as one who can still sign in.
    const other = await newUser(handle(), as(root), "admin");
    await changeUser(handle(), as(root), other.id, { disabled: true });
    expect((await rejection(changeUser(handle(), as(root), root.id, { role: "member" }))).code).toBe("conflict");

    // With another active admin, the change is allowed.
    await changeUser(handle(), as(root), other.id, { disabled: false });
    expect((await changeUser(handle(), as(root), other.id, { role: "member" })).role).toBe("member");
    const second = await newUser(handle(), as(root), "admin");
    expect((await changeUser(handle(), as(second), root.id, { role: "member" })).role).toBe("member");
    await changeUser(handle(), as(second), root.id, { role: "admin" });
  });
});

describePostgres("last admin across two instances sharing one database", () => {
  let group: Awaited<ReturnType<typeof openSharedPostgres>>;
  beforeAll(async () => {
    group = await openSharedPostgres(2);
  });
  afterAll(async () => {
    await group?.close();
  });

  it("first-run set-up racing on two instances creates exactly one admin", async () => {
    const race = await openSharedPostgres(2);
    try {
      const [a, b] = race.handles as [DbHandle, DbHandle];
      const results = await Promise.allSettled([
        createFirstAdmin(a, { email: uniqueEmail("race-a"), name: "A", password: "password-123" }, null),
        createFirstAdmin(b, { email: uniqueEmail("race-b"), name: "B", password: "password-123" }, null),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({
        code: "conflict",
      });
      expect(await a.db.select().from(users)).toHaveLength(1);
    } finally {
      await race.close();
    }
  });

  it("two admins demoting each other at the same moment on two instances leave exactly one admin", async () => {
    const [one, two] = group.handles as [DbHandle, DbHandle];
    const first = await createFirstAdmin(
      one,
      { email: uniqueEmail("first"), name: "First", password: "password-123" },
      null,
    );
    for (let round = 0; round < 8; round++) {
      const a = await newUser(one, as(first), "admin");
      const b = await newUser(two, as(first), "admin");
      // Leave exactly two active admins: a and b.
      for (const u of await one.db.select().from(users).where(eq(users.role, "admin"))) {
        if (u.id !== a.id && u.id !== b.id) await changeUser(one, as(a), u.id, { role: "member" });
      }
      const results = await Promise.allSettled([
        changeUser(one, as(a), b.id, { role: "member" }),
        changeUser(two, as(b), a.id, { disabled: true }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(failed.reason).toMatchObject({ code: "conflict" });
      const active = (await two.db.select().from(users).where(eq(users.role, "admin"))).filter((u) => !u.disabled);
      expect(active).toHaveLength(1);
    }
  });
});

describe("user input schemas", () => {
  it("defaults the role to member and rejects unknown fields", () => {
    expect(createUserInput.parse({ email: "a@b.test", name: "A", password: "12345678" }).role).toBe("member");
    expect(updateUserInput.safeParse({ role: "admin", email: "x@y.test" }).success).toBe(false);
  });
});
