"use client";

// Unexpected failures while rendering a console page (the database being down, say): say so and offer a retry.
export default function ConsoleError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card stack" role="alert">
      <h1>Something went wrong</h1>
      <p className="muted">This page could not be loaded. The server log has details; trying again often helps once the database is reachable.</p>
      <div>
        <button type="button" className="btn btn-primary" onClick={reset}>
          Try again
        </button>
      </div>
    </div>
  );
}
