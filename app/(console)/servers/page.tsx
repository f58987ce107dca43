import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-guards";
import { ServersAdminView } from "@/components/servers/servers-admin-view";
import { ServersMemberView } from "@/components/servers/servers-member-view";

export const metadata: Metadata = { title: "Servers" };

export default async function ServersPage() {
  const user = await requirePageUser();
  return user.role === "admin" ? <ServersAdminView /> : <ServersMemberView />;
}
