import Link from "next/link";
import type { ReactNode } from "react";

export interface Crumb {
  href: string;
  label: string;
}

/** The title block every console page opens with: breadcrumb, title, one-line description, page actions. */
export function PageHeader({
  title,
  description,
  crumbs,
  icon,
  actions,
}: {
  title: ReactNode;
  description?: ReactNode;
  /** Parent pages, outermost first (the current page is the title). */
  crumbs?: Crumb[];
  icon?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div className="page-header-main">
        {icon}
        <div style={{ minWidth: 0 }}>
          {crumbs && crumbs.length > 0 && (
            <nav aria-label="Breadcrumb">
              <ol className="breadcrumb">
                {crumbs.map((c) => (
                  <li key={c.href}>
                    <Link href={c.href}>{c.label}</Link>
                  </li>
                ))}
              </ol>
            </nav>
          )}
          <h1>{title}</h1>
          {description && <p className="muted">{description}</p>}
        </div>
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
