"use client";

import { CenterCard } from "@/components/ui/center-card";

// Failures outside a console page (the login page or the console shell itself, e.g. with the database down).
export default function RootError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <CenterCard role="alert">
      <h1>Switchboard is unavailable</h1>
      <p className="muted">
        This page could not be loaded. The server log has details; it usually means the database cannot be reached.
      </p>
      <div>
        <button type="button" className="btn btn-primary" onClick={reset}>
          Try again
        </button>
      </div>
    </CenterCard>
  );
}
