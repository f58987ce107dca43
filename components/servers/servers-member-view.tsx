"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { serversQuery } from "@/lib/client/servers";
import { AUTH_TYPE_DESCRIPTORS } from "@/lib/auth-types/descriptors";
import { Badge, EmptyState, ErrorAlert, LoadingBlock } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import { ServerIcon } from "@/components/servers/server-icon";
import { ConnectionBadge } from "@/components/connections/connection-badge";

export function ServersMemberView() {
  const servers = useQuery(serversQuery());
  return (
    <>
      <PageHeader
        title="Servers"
        description={
          <>
            The MCP servers you can use through Switchboard. Connect your accounts and pick optional servers on{" "}
            <Link href="/connections">Connections</Link>.
          </>
        }
      />
      {servers.isPending ? (
        <LoadingBlock label="Loading servers…" />
      ) : servers.isError ? (
        <ErrorAlert title="Could not load the servers." error={servers.error} retry={() => servers.refetch()} />
      ) : servers.data.length === 0 ? (
        <EmptyState title="No servers are available yet.">
          <p>An admin has not enabled any MCP servers. They appear here as soon as one is.</p>
        </EmptyState>
      ) : (
        <ul className="server-cards" aria-label="Available servers">
          {servers.data.map((s) => (
            <li key={s.id} className="card" data-testid={`server-card-${s.slug}`}>
              <div className="row" style={{ flexWrap: "nowrap", alignItems: "flex-start" }}>
                <ServerIcon name={s.displayName} iconUrl={s.iconUrl} />
                <h2 className="break" style={{ fontSize: "1rem", margin: "0.15rem 0 0" }}>
                  {s.displayName}
                </h2>
              </div>
              {s.description && (
                <p className="muted" style={{ margin: 0 }}>
                  {s.description}
                </p>
              )}
              <div className="row card-foot" style={{ gap: "0.3rem" }}>
                <Badge>{AUTH_TYPE_DESCRIPTORS[s.authType].label}</Badge>
                <ConnectionBadge state={s.connectionState} />
                {s.allowInPlanMode && <Badge tone="accent">Plan mode</Badge>}
              </div>
              {AUTH_TYPE_DESCRIPTORS[s.authType].credential === "connected_account" &&
                (s.connectionState === "not_connected" || s.connectionState === "needs_reconnect") && (
                  <Link href="/connections" className="small">
                    {s.connectionState === "needs_reconnect" ? "Reconnect" : "Connect"} on Connections
                    <span className="sr-only"> ({s.displayName})</span>
                  </Link>
                )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
