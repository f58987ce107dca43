"use client";

import { useState, type ReactNode } from "react";
import { usePathname } from "next/navigation";

/**
 * The console's sidebar. On narrow screens it collapses to a top bar with a Menu button; the menu closes by itself
 * when the user navigates (it is open only for the path it was opened on).
 */
export function Sidebar({ top, children }: { top: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  return (
    <aside className="sidebar" data-open={open}>
      <div className="sidebar-inner">
        <div className="sidebar-top">
          {top}
          <button
            type="button"
            className="btn btn-small menu-toggle"
            aria-expanded={open}
            aria-controls="sidebar-body"
            onClick={() => setOpenOn(open ? null : pathname)}
          >
            {open ? "Close menu" : "Menu"}
          </button>
        </div>
        <div id="sidebar-body" className="sidebar-body">
          {children}
        </div>
      </div>
    </aside>
  );
}
