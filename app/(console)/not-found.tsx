import Link from "next/link";
import { MessageCard } from "@/components/ui/center-card";

// notFound() from a console page (e.g. a malformed server id): keep the shell so the user can navigate on.
export default function ConsoleNotFound() {
  return (
    <MessageCard
      title="Page not found"
      actions={
        <Link className="btn" href="/servers">
          Back to servers
        </Link>
      }
    >
      <p className="muted">There is nothing at this address. It may have been deleted, or the link is incomplete.</p>
    </MessageCard>
  );
}
