// Test users and principals, created through the real queries.
import type { Queryable } from "@/lib/db/connect";
import { insertUser } from "@/lib/db/queries/users";
import type { User, UserRole } from "@/lib/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { uniqueEmail } from "@/lib/testing/databases";

export async function createTestUser(db: Queryable, role: UserRole = "member", name = "Test User"): Promise<User> {
  const user = await insertUser(db, { email: uniqueEmail(role), name, passwordHash: null, role });
  if (!user) throw new Error("test user was not created");
  return user;
}

export const sessionPrincipal = (user: User): Principal => ({ user, via: { kind: "session" } });
