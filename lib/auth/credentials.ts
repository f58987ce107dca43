// Email + password verification for sign-in, with audited failures and constant work for unknown accounts.
import "server-only";
import { verifyPassword } from "@/lib/crypto/password";
import type { Queryable } from "@/lib/db/connect";
import { getUserByEmail, normalizeEmail } from "@/lib/db/queries/users";
import type { User } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";

export type CredentialsFailure = "unknown_or_wrong_password" | "disabled" | "malformed";

export async function verifyCredentials(
  db: Queryable,
  input: { email?: unknown; password?: unknown },
  ip: string | null,
): Promise<{ ok: true; user: User } | { ok: false; reason: CredentialsFailure }> {
  const email = typeof input.email === "string" ? normalizeEmail(input.email) : "";
  const password = typeof input.password === "string" ? input.password : "";
  if (!email || !password || email.length > 320 || password.length > 1024) {
    await recordAudit(
      {
        kind: "auth.sign_in_failed",
        actorLabel: email || null,
        outcome: "failure",
        ip,
        details: { reason: "malformed" },
      },
      db,
    );
    return { ok: false, reason: "malformed" };
  }
  const user = await getUserByEmail(db, email);
  // Runs the KDF even when there is no such user (see verifyPassword).
  const matches = await verifyPassword(password, user?.passwordHash);
  if (!user || !matches) {
    await recordAudit(
      {
        kind: "auth.sign_in_failed",
        actorId: user?.id ?? null,
        actorLabel: email,
        outcome: "failure",
        ip,
        details: { reason: "invalid_credentials" },
      },
      db,
    );
    return { ok: false, reason: "unknown_or_wrong_password" };
  }
  if (user.disabled) {
    await recordAudit(
      {
        kind: "auth.sign_in_failed",
        actorId: user.id,
        actorLabel: email,
        outcome: "denied",
        ip,
        details: { reason: "disabled" },
      },
      db,
    );
    return { ok: false, reason: "disabled" };
  }
  await recordAudit({ kind: "auth.signed_in", actorId: user.id, actorLabel: user.email, via: "password", ip }, db);
  return { ok: true, user };
}
