import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEvents, type User } from "@/lib/db/schema";
import { insertUser, updateUser } from "@/lib/db/queries/users";
import { hashPassword } from "@/lib/crypto/password";
import { verifyCredentials } from "@/lib/auth/credentials";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { describeEachDriver, uniqueEmail } from "@/lib/testing/databases";

const PASSWORD = "correct-horse-battery";

describeEachDriver("email + password sign-in", ({ db }) => {
  let user: User;
  beforeAll(async () => {
    user = (await insertUser(db(), {
      email: uniqueEmail("cred"),
      name: "Cred",
      passwordHash: await hashPassword(PASSWORD),
      role: "member",
    }))!;
  });

  const eventsFor = async (label: string) =>
    (await db().select().from(auditEvents).where(eq(auditEvents.actorLabel, label))).map((e) => ({
      kind: e.kind,
      outcome: e.outcome,
      reason: e.details.reason,
      actorId: e.actorId,
    }));

  it("accepts the right password (email in any case) and audits the sign-in", async () => {
    const result = await verifyCredentials(
      db(),
      { email: ` ${user.email.toUpperCase()} `, password: PASSWORD },
      "192.0.2.1",
    );
    expect(result).toMatchObject({ ok: true, user: { id: user.id } });
    const [event] = (await db().select().from(auditEvents).where(eq(auditEvents.actorId, user.id))).filter(
      (e) => e.kind === "auth.signed_in",
    );
    expect(event).toMatchObject({ via: "password", ip: "192.0.2.1", outcome: "ok" });
  });

  it("refuses a wrong password and an unknown account alike, auditing both as failures", async () => {
    expect(await verifyCredentials(db(), { email: user.email, password: "wrong-password" }, null)).toEqual({
      ok: false,
      reason: "unknown_or_wrong_password",
    });
    const ghost = uniqueEmail("ghost");
    expect(await verifyCredentials(db(), { email: ghost, password: PASSWORD }, null)).toEqual({
      ok: false,
      reason: "unknown_or_wrong_password",
    });
    expect(await eventsFor(ghost)).toEqual([
      { kind: "auth.sign_in_failed", outcome: "failure", reason: "invalid_credentials", actorId: null },
    ]);
    expect(await eventsFor(user.email)).toContainEqual({
      kind: "auth.sign_in_failed",
      outcome: "failure",
      reason: "invalid_credentials",
      actorId: user.id,
    });
    const all = JSON.stringify(await db().select().from(auditEvents));
    expect(all).not.toContain("wrong-password");
    expect(all).not.toContain(PASSWORD);
  });

  it("refuses malformed input without touching the database's users", async () => {
    expect(await verifyCredentials(db(), { email: 42, password: PASSWORD }, null)).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(await verifyCredentials(db(), { email: user.email, password: "" }, null)).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(await verifyCredentials(db(), { email: user.email, password: "x".repeat(2000) }, null)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("refuses a disabled user (audited as denied) and accepts them again once enabled", async () => {
    const off = (await insertUser(db(), {
      email: uniqueEmail("off"),
      name: "Off",
      passwordHash: await hashPassword(PASSWORD),
      role: "member",
    }))!;
    await updateUser(db(), off.id, { disabled: true });
    expect(await verifyCredentials(db(), { email: off.email, password: PASSWORD }, null)).toEqual({
      ok: false,
      reason: "disabled",
    });
    expect(await eventsFor(off.email)).toEqual([
      { kind: "auth.sign_in_failed", outcome: "denied", reason: "disabled", actorId: off.id },
    ]);
    // A wrong password for a disabled account says nothing about it being disabled.
    expect(await verifyCredentials(db(), { email: off.email, password: "nope-nope" }, null)).toMatchObject({
      reason: "unknown_or_wrong_password",
    });
    await updateUser(db(), off.id, { disabled: false });
    expect(await verifyCredentials(db(), { email: off.email, password: PASSWORD }, null)).toMatchObject({ ok: true });
  });

  it("refuses a password sign-in for an account that only signs in through the identity provider", async () => {
    const idpOnly = (await insertUser(db(), {
      email: uniqueEmail("idp"),
      name: "Idp",
      passwordHash: null,
      role: "member",
    }))!;
    expect(await verifyCredentials(db(), { email: idpOnly.email, password: "anything-at-all" }, null)).toMatchObject({
      ok: false,
    });
  });
});

describe("sign-in error messages", () => {
  it("maps Auth.js errors to what the login page says", () => {
    expect(signInErrorMessage("CredentialsSignin")).toBe("Wrong email or password.");
    expect(signInErrorMessage("CredentialsSignin", "account_disabled")).toMatch(/disabled/);
    expect(signInErrorMessage("AccessDenied")).toMatch(/disabled/);
    expect(signInErrorMessage("Whatever", "unknown-code")).toBe("Sign-in failed. Try again.");
  });
});
