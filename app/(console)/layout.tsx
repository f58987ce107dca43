import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/request";
import { ConsoleNav } from "@/components/shell/console-nav";
import { signOutAction } from "@/app/(console)/actions";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">Switchboard</div>
        <ConsoleNav isAdmin={user.role === "admin"} />
        <div className="sidebar-footer stack" style={{ gap: "0.4rem" }}>
          <div>
            <div>
              <strong>{user.name}</strong>
            </div>
            <div className="muted" style={{ wordBreak: "break-all" }}>
              {user.email}
            </div>
            <span className="badge">{user.role}</span>
          </div>
          <form action={signOutAction}>
            <button className="btn btn-small">Sign out</button>
          </form>
        </div>
      </aside>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
