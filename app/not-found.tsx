import Link from "next/link";

export default function NotFound() {
  return (
    <div className="center-page">
      <div className="card auth-card stack">
        <h1>Not found</h1>
        <p className="muted">There is nothing at this address.</p>
        <Link className="btn" href="/">
          Back to the console
        </Link>
      </div>
    </div>
  );
}
