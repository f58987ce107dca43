"use server";

import { signOut } from "@/lib/auth/index";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
