import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="center-page">
      <div className="card auth-card stack">
        <h1>Admins only</h1>
        <p className="muted">You need the admin role to open this page. Ask an admin of this Switchboard if you need access.</p>
        <Link className="btn" href="/">
          Back to the console
        </Link>
      </div>
    </div>
  );
}
