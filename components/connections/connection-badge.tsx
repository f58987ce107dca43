import { Badge } from "@/components/ui/feedback";
import type { ServerDto } from "@/lib/client/servers";

const labels: Record<ServerDto["connectionState"], { text: string; tone?: "ok" | "warn" | "danger" }> = {
  connected: { text: "Connected", tone: "ok" },
  not_connected: { text: "Not connected", tone: "warn" },
  needs_reconnect: { text: "Needs reconnect", tone: "danger" },
  not_required: { text: "No sign-in needed" },
};

export function ConnectionBadge({ state }: { state: ServerDto["connectionState"] }) {
  const l = labels[state];
  return (
    <span data-testid="connection-state">
      <Badge tone={l.tone}>{l.text}</Badge>
    </span>
  );
}
