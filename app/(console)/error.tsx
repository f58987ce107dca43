"use client";

import { MessageCard } from "@/components/ui/center-card";

// Unexpected failures while rendering a console page (the database being down, say): say so and offer a retry.
export default function ConsoleError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <MessageCard
      role="alert"
      title="Something went wrong"
      actions={
        <button type="button" className="btn btn-primary" onClick={reset}>
          Try again
        </button>
      }
    >
      <p className="muted">
        This page could not be loaded. The server log has details; trying again often helps once the database is
        reachable.
      </p>
    </MessageCard>
  );
}
