import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { ConsoleNav } from "@/components/shell/console-nav";
import { Sidebar } from "@/components/shell/sidebar";
import { Brand } from "@/components/ui/brand";
import { Badge } from "@/components/ui/feedback";
import { signOutAction } from "@/app/(console)/actions";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar top={<Brand href="/servers" />}>
        <ConsoleNav isAdmin={user.role === "admin"} />
        <div className="sidebar-footer">
          <div className="account">
            <strong>{user.name}</strong>
            <span className="muted">{user.email}</span>
          </div>
          <div className="row-between">
            {user.role === "admin" ? <Badge tone="accent">Admin</Badge> : <Badge>Member</Badge>}
            <form action={signOutAction}>
              <button className="btn btn-small">Sign out</button>
            </form>
          </div>
        </div>
      </Sidebar>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
