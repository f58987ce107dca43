import type { Metadata } from "next";
import { requirePageAdmin } from "@/lib/auth/page-guards";
import { AuditView } from "@/components/audit/audit-view";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requirePageAdmin();
  return <AuditView />;
}
