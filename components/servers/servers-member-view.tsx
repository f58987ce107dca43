"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { authTypeLabels, serversQuery } from "@/lib/client/servers";
import { Badge, EmptyState, ErrorAlert, LoadingBlock } from "@/components/ui/feedback";
import { ServerIcon } from "@/components/servers/server-icon";
import { ConnectionBadge } from "@/components/connections/connection-badge";

export function ServersMemberView() {
  const servers = useQuery(serversQuery());
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Servers</h1>
          <p className="muted">
            The MCP servers you can use through Switchboard. Connect your accounts on the <Link href="/connections">Connections</Link> page.
          </p>
        </div>
      </div>
      {servers.isPending ? (
        <LoadingBlock />
      ) : servers.isError ? (
        <ErrorAlert error={servers.error} retry={() => servers.refetch()} />
      ) : servers.data.length === 0 ? (
        <EmptyState title="No servers are available yet.">
          <p>An admin has not enabled any MCP servers.</p>
        </EmptyState>
      ) : (
        <ul className="server-cards" aria-label="Available servers">
          {servers.data.map((s) => (
            <li key={s.id} className="card stack" style={{ gap: "0.5rem" }} data-testid={`server-card-${s.slug}`}>
              <div className="row" style={{ flexWrap: "nowrap" }}>
                <ServerIcon name={s.displayName} iconUrl={s.iconUrl} />
                <strong>{s.displayName}</strong>
              </div>
              {s.description && <p className="muted" style={{ margin: 0 }}>{s.description}</p>}
              <div className="row">
                <Badge>{authTypeLabels[s.authType]}</Badge>
                <ConnectionBadge state={s.connectionState} />
                {s.allowInPlanMode && <Badge tone="accent">Plan mode</Badge>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
