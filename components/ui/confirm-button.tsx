"use client";

import { useId, useRef, type ReactNode } from "react";

/** A button that asks for confirmation in a modal dialog (focus moves to Cancel, Esc cancels) before acting. */
export function ConfirmButton({
  label,
  title,
  body,
  confirmLabel,
  onConfirm,
  pending,
  className = "btn btn-small btn-danger",
  danger = true,
}: {
  label: ReactNode;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  className?: string;
  /** false for confirmations of actions that are not destructive (the confirm button is then the primary style). */
  danger?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={pending}
        aria-haspopup="dialog"
        onClick={() => ref.current?.showModal()}
      >
        {label}
      </button>
      <dialog ref={ref} aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`}>
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-body`} className="muted">
          {body}
        </div>
        <form method="dialog" className="dialog-actions">
          <button className="btn" value="cancel" autoFocus>
            Cancel
          </button>
          <button className={danger ? "btn btn-danger solid" : "btn btn-primary"} value="confirm" onClick={onConfirm}>
            {confirmLabel}
          </button>
        </form>
      </dialog>
    </>
  );
}
