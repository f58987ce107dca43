import Link from "next/link";
import { CenterCard } from "@/components/ui/center-card";

// Addresses that match no page (outside the console shell).
export default function NotFound() {
  return (
    <CenterCard>
      <h1>Page not found</h1>
      <p className="muted">There is nothing at this address. Check the link, or start again from the console.</p>
      <Link className="btn" href="/servers">
        Go to the console
      </Link>
    </CenterCard>
  );
}
