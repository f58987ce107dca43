"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { authTypeLabels, availabilityLabels, isAdminView, serversQuery } from "@/lib/client/servers";
import { Badge, EmptyState, ErrorAlert, LoadingBlock } from "@/components/ui/feedback";
import { ServerIcon } from "@/components/servers/server-icon";

export function ServersAdminView() {
  const servers = useQuery(serversQuery());
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Servers</h1>
          <p className="muted">The MCP servers your organisation makes available through Switchboard, and how clients get them.</p>
        </div>
        <Link className="btn btn-primary" href="/servers/new">
          Add server
        </Link>
      </div>
      {servers.isPending ? (
        <LoadingBlock />
      ) : servers.isError ? (
        <ErrorAlert error={servers.error} retry={() => servers.refetch()} />
      ) : servers.data.length === 0 ? (
        <EmptyState title="No MCP servers are registered yet.">
          <p>Add the first one: its URL and how Switchboard authenticates to it.</p>
        </EmptyState>
      ) : (
        <table aria-label="Registered servers">
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
                  <div className="row" style={{ flexWrap: "nowrap" }}>
                    <ServerIcon name={s.displayName} iconUrl={s.iconUrl} />
                    <div>
                      <Link href={`/servers/${s.id}`}>
                        <strong>{s.displayName}</strong>
                      </Link>
                      <div className="muted">
                        <code>{s.slug}</code> · {s.url}
                      </div>
                    </div>
                  </div>
                </td>
                <td>{authTypeLabels[s.authType]}</td>
                <td>{availabilityLabels[s.availability].label}</td>
                <td>
                  <div className="row">
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
