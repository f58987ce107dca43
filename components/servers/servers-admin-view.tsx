"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { availabilityLabels, isAdminView, serversQuery } from "@/lib/client/servers";
import { AUTH_TYPE_DESCRIPTORS } from "@/lib/auth-types/descriptors";
import { Badge, EmptyState, ErrorAlert, LoadingBlock } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import { ServerIcon } from "@/components/servers/server-icon";

export function ServersAdminView() {
  const servers = useQuery(serversQuery());
  const add = (
    <Link className="btn btn-primary" href="/servers/new">
      Add server
    </Link>
  );
  return (
    <>
      <PageHeader
        title="Servers"
        description="The MCP servers your organisation makes available through Switchboard, and how clients get them."
        actions={add}
      />
      {servers.isPending ? (
        <LoadingBlock label="Loading servers…" />
      ) : servers.isError ? (
        <ErrorAlert title="Could not load the servers." error={servers.error} retry={() => servers.refetch()} />
      ) : servers.data.length === 0 ? (
        <EmptyState title="No MCP servers are registered yet." action={add}>
          <p>
            Add the first one: its URL and how Switchboard authenticates to it. It starts disabled until you enable it.
          </p>
        </EmptyState>
      ) : (
        <table aria-label="Registered servers" className="responsive">
          <thead>
            <tr>
              <th scope="col">Server</th>
              <th scope="col">Auth</th>
              <th scope="col">Availability</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {servers.data.filter(isAdminView).map((s) => (
              <tr key={s.id} data-testid={`server-row-${s.slug}`}>
                <td>
                  <div className="row" style={{ flexWrap: "nowrap", alignItems: "flex-start" }}>
                    <ServerIcon name={s.displayName} iconUrl={s.iconUrl} />
                    <div style={{ minWidth: 0 }}>
                      <Link href={`/servers/${s.id}`} className="break">
                        <strong>{s.displayName}</strong>
                      </Link>
                      <div className="cell-sub">
                        <code>{s.slug}</code> · <span title={s.url}>{s.url}</span>
                      </div>
                    </div>
                  </div>
                </td>
                <td data-label="Auth" className="nowrap">
                  {AUTH_TYPE_DESCRIPTORS[s.authType].label}
                </td>
                <td data-label="Availability" className="nowrap">
                  {availabilityLabels[s.availability].label}
                </td>
                <td data-label="Status">
                  <div className="row" style={{ gap: "0.3rem" }}>
                    {s.enabled ? <Badge tone="ok">Enabled</Badge> : <Badge>Disabled</Badge>}
                    {s.allowInPlanMode && <Badge tone="accent">Plan mode</Badge>}
                    {s.modelIntent && <Badge>Model intent</Badge>}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
