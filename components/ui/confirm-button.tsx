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
}: {
  label: ReactNode;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  className?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  return (
    <>
      <button type="button" className={className} disabled={pending} onClick={() => ref.current?.showModal()}>
        {label}
      </button>
      <dialog ref={ref} aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`}>
        <h2 id={`${id}-title`} style={{ marginTop: 0 }}>
          {title}
        </h2>
        <div id={`${id}-body`}>{body}</div>
        <form method="dialog" className="row" style={{ justifyContent: "flex-end", marginTop: "1rem" }}>
          <button className="btn" value="cancel" autoFocus>
            Cancel
          </button>
          <button className="btn btn-danger solid" value="confirm" onClick={onConfirm}>
            {confirmLabel}
          </button>
        </form>
      </dialog>
    </>
  );
}
