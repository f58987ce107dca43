// User administration rules: the first admin, creating users, role/disable changes that never strand the last admin.
import "server-only";
import { z } from "zod";
import type { DbHandle } from "@/lib/db/connect";
import { withLock } from "@/lib/db/lock";
import { countOtherActiveAdmins, countUsers, getUserById, insertUser, updateUser } from "@/lib/db/queries/users";
import { userRoles, type User } from "@/lib/db/schema";
import { hashPassword } from "@/lib/crypto/password";
import { conflict, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import { auditActor, type Principal } from "@/lib/auth/principal";

// Trim and lower-case before validating, so a pasted " Ada@Example.com " is accepted and stored once.
export const emailSchema = z
  .string("Enter a valid email address.")
  .trim()
  .toLowerCase()
  .max(320, "At most 320 characters.")
  .pipe(z.email("Enter a valid email address."));
export const nameSchema = z.string().trim().min(1, "Enter a name.").max(100, "At most 100 characters.");
export const passwordSchema = z.string().min(8, "Use at least 8 characters.").max(200, "At most 200 characters.");

export const setupInput = z.object({ email: emailSchema, name: nameSchema, password: passwordSchema }).strict();
export const createUserInput = setupInput.extend({ role: z.enum(userRoles).default("member") }).strict();
export const updateUserInput = z
  .object({ role: z.enum(userRoles).optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((v) => v.role !== undefined || v.disabled !== undefined, "Send role or disabled.");

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: User["role"];
  disabled: boolean;
  /** False for users who only sign in through the identity provider. */
  hasPassword: boolean;
  createdAt: string;
}

export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    hasPassword: Boolean(u.passwordHash),
    createdAt: u.createdAt.toISOString(),
  };
}

/** Creates the first admin, only while no user exists (also across instances sharing one database). */
export async function createFirstAdmin(
  handle: DbHandle,
  input: z.output<typeof setupInput>,
  ip: string | null,
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return withLock(handle, "users:setup", async (q) => {
    if ((await countUsers(q)) > 0) throw conflict("Set-up is already complete; sign in instead.");
    const user = await insertUser(q, { email: input.email, name: input.name, passwordHash, role: "admin" });
    if (!user) throw conflict("Set-up is already complete; sign in instead.");
    await recordAudit(
      {
        kind: "user.created",
        actorId: user.id,
        actorLabel: user.email,
        targetType: "user",
        targetId: user.id,
        ip,
        details: { role: "admin", firstRun: true },
      },
      q,
    );
    return user;
  });
}

/** An admin adds a user; the row and its audit event are written together or not at all. */
export async function createUser(
  handle: DbHandle,
  actor: Principal,
  input: z.output<typeof createUserInput>,
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return handle.db.transaction(async (tx) => {
    const user = await insertUser(tx, { email: input.email, name: input.name, passwordHash, role: input.role });
    if (!user) throw conflict("A user with this email already exists.", { email: "Already in use." });
    await recordAudit(
      {
        kind: "user.created",
        ...auditActor(actor),
        targetType: "user",
        targetId: user.id,
        details: { role: user.role },
      },
      tx,
    );
    return user;
  });
}

export async function changeUser(
  handle: DbHandle,
  actor: Principal,
  id: string,
  patch: z.output<typeof updateUserInput>,
): Promise<User> {
  // Serialised so that two admins demoting each other at once cannot leave nobody in charge.
  return withLock(handle, "users:admins", async (q) => {
    const target = await getUserById(q, id);
    if (!target) throw notFound("User");
    const losesAdmin =
      target.role === "admin" && !target.disabled && (patch.role === "member" || patch.disabled === true);
    if (losesAdmin && (await countOtherActiveAdmins(q, id)) === 0) {
      throw conflict("This is the last active admin; promote another user first.", {
        [patch.role === "member" ? "role" : "disabled"]: "The last active admin cannot lose admin rights.",
      });
    }
    const changed = Object.entries(patch)
      .filter(([k, v]) => v !== undefined && target[k as keyof User] !== v)
      .map(([k]) => k);
    if (changed.length === 0) return target;
    const updated = (await updateUser(q, id, patch))!;
    await recordAudit(
      { kind: "user.updated", ...auditActor(actor), targetType: "user", targetId: id, details: { changed, ...patch } },
      q,
    );
    return updated;
  });
}

/** Headless first admin from SWITCHBOARD_ADMIN_EMAIL/PASSWORD; a no-op once any user exists. */
export async function bootstrapAdmin(handle: DbHandle, email: string, password: string): Promise<User | undefined> {
  const input = setupInput.parse({ email, name: "Administrator", password });
  try {
    return await createFirstAdmin(handle, input, null);
  } catch (err) {
    if (err instanceof Error && "code" in err && err.code === "conflict") return undefined;
    throw err;
  }
}
