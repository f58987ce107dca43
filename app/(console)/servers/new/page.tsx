import type { Metadata } from "next";
import { requirePageAdmin } from "@/lib/auth/page-guards";
import { NewServerView } from "@/components/servers/new-server-view";

export const metadata: Metadata = { title: "Add a server" };

export default async function NewServerPage() {
  await requirePageAdmin();
  return <NewServerView />;
}
