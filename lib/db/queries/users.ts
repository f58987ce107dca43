// Queries on users.
import { and, asc, count, eq, ne } from "drizzle-orm";
import type { Queryable } from "@/lib/db/connect";
import { users, type User, type UserRole } from "@/lib/db/schema";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function getUserById(db: Queryable, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function getUserByEmail(db: Queryable, email: string): Promise<User | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .limit(1);
  return row;
}

export async function listUsers(db: Queryable): Promise<User[]> {
  return db.select().from(users).orderBy(asc(users.createdAt), asc(users.email));
}

export async function countUsers(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

/** Active admins other than `exceptId` — used to keep at least one admin able to sign in. */
export async function countOtherActiveAdmins(db: Queryable, exceptId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, exceptId)));
  return row?.n ?? 0;
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string | null;
  role: UserRole;
}

/** Inserts a user; returns undefined when the email is taken. */
export async function insertUser(db: Queryable, input: NewUser): Promise<User | undefined> {
  const [row] = await db
    .insert(users)
    .values({ ...input, email: normalizeEmail(input.email) })
    .onConflictDoNothing({ target: users.email })
    .returning();
  return row;
}

export async function updateUser(
  db: Queryable,
  id: string,
  patch: Partial<Pick<User, "role" | "disabled" | "name" | "passwordHash">>,
): Promise<User | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return row;
}
