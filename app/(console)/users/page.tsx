import type { Metadata } from "next";
import { requirePageAdmin } from "@/lib/auth/page-guards";
import { UsersView } from "@/components/users/users-view";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requirePageAdmin();
  return <UsersView currentUserId={me.id} />;
}
