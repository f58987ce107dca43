"use client";

import { useRef, useState, type ReactNode } from "react";

/** A button that asks for confirmation in a modal dialog (keyboard accessible, Esc cancels) before acting. */
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
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={pending}
        onClick={() => {
          setOpen(true);
          ref.current?.showModal();
        }}
      >
        {label}
      </button>
      <dialog ref={ref} aria-labelledby={open ? "confirm-title" : undefined} onClose={() => setOpen(false)}>
        <h2 id="confirm-title" style={{ marginTop: 0 }}>
          {title}
        </h2>
        <div>{body}</div>
        <form method="dialog" className="row" style={{ justifyContent: "flex-end", marginTop: "1rem" }}>
          <button className="btn" value="cancel" autoFocus>
            Cancel
          </button>
          <button
            className="btn btn-danger solid"
            value="confirm"
            onClick={() => {
              onConfirm();
            }}
          >
            {confirmLabel}
          </button>
        </form>
      </dialog>
    </>
  );
}
