import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-guards";
import { EmptyState } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Servers" };

export default async function ServersPage() {
  const user = await requirePageUser();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Servers</h1>
          <p className="muted">The MCP servers your organisation makes available through Switchboard.</p>
        </div>
      </div>
      <EmptyState title="No MCP servers are registered yet.">
        <p>{user.role === "admin" ? "Server registration arrives with the registry." : "An admin has not registered any servers yet."}</p>
      </EmptyState>
    </>
  );
}
