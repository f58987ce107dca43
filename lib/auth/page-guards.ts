// Guards for server-rendered console pages (the layout already requires a session; these add roles).
import "server-only";
import { forbidden, redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";

export async function requirePageUser() {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  return user;
}

export async function requirePageAdmin() {
  const user = await requirePageUser();
  if (user.role !== "admin") forbidden();
  return user;
}
