"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const userLinks = [
  { href: "/servers", label: "Servers" },
  { href: "/connections", label: "Connections" },
  { href: "/tokens", label: "Tokens" },
  { href: "/connect", label: "Connect a client" },
  { href: "/apps", label: "Authorized apps" },
];
const adminLinks = [
  { href: "/audit", label: "Audit" },
  { href: "/users", label: "Users" },
];

export function ConsoleNav({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  const link = (l: { href: string; label: string }) => (
    <Link
      key={l.href}
      href={l.href}
      aria-current={pathname === l.href || pathname.startsWith(`${l.href}/`) ? "page" : undefined}
    >
      {l.label}
    </Link>
  );
  return (
    <nav className="nav" aria-label="Console">
      {userLinks.map(link)}
      {isAdmin && (
        <>
          <div className="section">Admin</div>
          {adminLinks.map(link)}
        </>
      )}
    </nav>
  );
}
