import type { ReactNode } from "react";

export function Spinner({ label = "Loading" }: { label?: string }) {
  return (
    <span role="status">
      <span className="spinner" aria-hidden="true" /> <span className="sr-only">{label}</span>
    </span>
  );
}

export function LoadingBlock({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="empty" role="status">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  );
}

export function ErrorAlert({ error, retry, title }: { error: unknown; retry?: () => void; title?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="alert alert-error row" role="alert">
      <span>
        {title && <span className="alert-title">{title} </span>}
        {message}
      </span>
      {retry && (
        <button type="button" className="btn btn-small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A short success or progress message, announced politely. */
export function Notice({
  tone = "ok",
  children,
  testId,
}: {
  tone?: "ok" | "warn";
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className={`alert alert-${tone}`} role="status" data-testid={testId}>
      {children}
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="card empty">
      <p>
        <strong>{title}</strong>
      </p>
      {children}
      {action && <div style={{ marginTop: "1rem" }}>{action}</div>}
    </div>
  );
}

export function Badge({
  tone,
  children,
  title,
}: {
  tone?: "ok" | "warn" | "danger" | "accent";
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`badge${tone ? ` badge-${tone}` : ""}`} title={title}>
      {children}
    </span>
  );
}
