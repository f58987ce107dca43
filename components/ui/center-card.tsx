import type { ReactNode } from "react";
import { Brand } from "@/components/ui/brand";

/** A page outside the console (sign-in, setup, consent, errors): the product mark above one centred card. */
export function CenterCard({
  children,
  role,
  labelledBy,
}: {
  children: ReactNode;
  role?: "alert";
  labelledBy?: string;
}) {
  return (
    <main className="center-page">
      <Brand href={null} />
      <div className="card auth-card stack" role={role} aria-labelledby={labelledBy}>
        {children}
      </div>
    </main>
  );
}

/** A message inside the console shell (forbidden, not found, failed to load), with what the user can do next. */
export function MessageCard({
  title,
  children,
  actions,
  role,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  role?: "alert";
}) {
  return (
    <div className="card stack page-message" role={role}>
      <h1>{title}</h1>
      {children}
      {actions && <div className="row">{actions}</div>}
    </div>
  );
}
