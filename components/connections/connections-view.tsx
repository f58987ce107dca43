"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { connectionMutations, serversQuery, type ServerDto } from "@/lib/client/servers";
import { AUTH_TYPE_DESCRIPTORS } from "@/lib/auth-types/descriptors";
import { EmptyState, ErrorAlert, LoadingBlock } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import { ServerIcon } from "@/components/servers/server-icon";
import { ConnectionBadge } from "@/components/connections/connection-badge";
import { ConnectionActions } from "@/components/connections/connection-actions";
import { useConnectPopup } from "@/components/connections/use-connect-popup";
import { PopupNoticeAlert } from "@/components/connections/popup-notice";

// The switch's own state ends when the choice is settled; a failure is shown through select.isError.
const noop = () => {};

export function ConnectionsView({ oidcName }: { oidcName: string | null }) {
  const servers = useQuery(serversQuery());
  const { connect, pending, notice, setNotice } = useConnectPopup(servers.data);

  const disconnect = useMutation(connectionMutations.disconnect());
  const select = useMutation(connectionMutations.select());
  const disconnectFrom = (s: ServerDto) =>
    disconnect.mutate(s, { onSuccess: () => setNotice({ tone: "ok", text: `Disconnected ${s.displayName}.` }) });

  const enabled = servers.data?.filter((s) => s.enabled) ?? [];
  return (
    <>
      <PageHeader
        title="Connections"
        description="Connect your own accounts to the servers you use, and choose which optional servers your MCP clients get."
      />
      {(notice || disconnect.isError || select.isError) && (
        <div className="stack" style={{ marginBottom: "1rem" }}>
          <PopupNoticeAlert notice={notice} />
          {disconnect.isError && <ErrorAlert title="Could not disconnect." error={disconnect.error} />}
          {select.isError && <ErrorAlert title="Your choice was not saved." error={select.error} />}
        </div>
      )}
      {servers.isPending ? (
        <LoadingBlock label="Loading servers…" />
      ) : servers.isError ? (
        <ErrorAlert title="Could not load the servers." error={servers.error} retry={() => servers.refetch()} />
      ) : enabled.length === 0 ? (
        <EmptyState title="Nothing to connect yet.">
          <p>Servers appear here once an admin enables them.</p>
        </EmptyState>
      ) : (
        <ul className="stack list-plain" aria-label="Servers">
          {enabled.map((s) => (
            <li key={s.id} className="card connection" data-testid={`connection-${s.slug}`}>
              <div className="connection-info">
                <ServerIcon name={s.displayName} iconUrl={s.iconUrl} size={36} />
                <div className="stack" style={{ gap: "0.3rem" }}>
                  <div className="title-line">
                    <h2 style={{ fontSize: "1rem", margin: 0 }}>{s.displayName}</h2>
                    <ConnectionBadge state={s.connectionState} />
                  </div>
                  {s.description && <span className="muted">{s.description}</span>}
                  {AUTH_TYPE_DESCRIPTORS[s.authType].credential === "sign_in" && s.connectionState !== "connected" && (
                    <span className="muted" data-testid="oidc-hint">
                      {oidcName
                        ? `Needs single sign-on: sign out and sign in with ${oidcName} to use this server.`
                        : "Needs single sign-on, which is not configured on this Switchboard."}
                    </span>
                  )}
                </div>
              </div>
              <ConnectionActions
                server={s}
                connecting={pending === s.id}
                onConnect={() => connect(s)}
                onDisconnect={() => disconnectFrom(s)}
                disconnecting={disconnect.isPending && disconnect.variables?.id === s.id}
                onSelect={(selected) => select.mutateAsync({ id: s.id, selected }).then(noop, noop)}
                selecting={select.isPending && select.variables?.id === s.id}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
