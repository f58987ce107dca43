import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-guards";
import { EmptyState } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Connections" };

export default async function ConnectionsPage() {
  await requirePageUser();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Connections</h1>
          <p className="muted">Connect your own accounts to the servers you use.</p>
        </div>
      </div>
      <EmptyState title="Nothing to connect yet.">
        <p>Servers that need your sign-in will appear here.</p>
      </EmptyState>
    </>
  );
}
