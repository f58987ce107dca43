import Link from "next/link";
import { MessageCard } from "@/components/ui/center-card";

export default function Forbidden() {
  return (
    <MessageCard
      title="Admins only"
      actions={
        <Link className="btn" href="/servers">
          Back to the console
        </Link>
      }
    >
      <p className="muted">
        You need the admin role to open this page. Ask an admin of this Switchboard if you need access.
      </p>
    </MessageCard>
  );
}
