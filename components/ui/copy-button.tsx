"use client";

import { useState } from "react";

/** Copies a value; `what` completes the button's accessible name ("Copy MCP URL") where several sit on one page. */
export function CopyButton({ value, label = "Copy", what }: { value: string; label?: string; what?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      className="btn btn-small"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setState("copied");
        } catch {
          setState("failed");
        }
        setTimeout(() => setState("idle"), 2000);
      }}
    >
      <span aria-live="polite">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed — select and copy" : label}
        {what && <span className="sr-only"> {what}</span>}
      </span>
    </button>
  );
}
