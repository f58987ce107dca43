"use client";

import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { errorMessage } from "@/lib/client/api";
import { authorizedAppMutations, authorizedAppsQuery } from "@/lib/client/oauth-resources";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Badge, EmptyState, ErrorAlert, LoadingBlock, Notice } from "@/components/ui/feedback";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";

export function AuthorizedAppsView() {
  const apps = useQuery(authorizedAppsQuery());
  const revoke = useMutation(authorizedAppMutations.revoke());

  return (
    <>
      <PageHeader
        title="Authorized apps"
        description="MCP clients you allowed to act as you. Revoking one signs it out at once; it has to ask you again to reconnect."
      />
      {revoke.isSuccess && (
        <div style={{ marginBottom: "0.75rem" }}>
          <Notice>Revoked “{revoke.variables.name}”. It must ask you again before it can reconnect.</Notice>
        </div>
      )}
      {revoke.isError && (
        <div style={{ marginBottom: "0.75rem" }}>
          <ErrorAlert title="Could not revoke the app." error={errorMessage(revoke.error)} />
        </div>
      )}
      {apps.isPending ? (
        <LoadingBlock label="Loading apps…" />
      ) : apps.isError ? (
        <ErrorAlert title="Could not load your apps." error={apps.error} retry={() => apps.refetch()} />
      ) : apps.data.length === 0 ? (
        <EmptyState
          title="No authorized apps yet."
          action={
            <Link className="btn" href="/connect">
              Connect a client
            </Link>
          }
        >
          <p>When an MCP client asks to use Switchboard as you and you approve it, it appears here.</p>
        </EmptyState>
      ) : (
        <>
          <table className="responsive" aria-label="Authorized apps">
            <thead>
              <tr>
                <th scope="col">App</th>
                <th scope="col">Redirects to</th>
                <th scope="col">Access</th>
                <th scope="col">Approved</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {apps.data.map((a) => (
                <tr key={a.id}>
                  <td>
                    <strong className="break">{a.name}</strong>
                    <div className="cell-sub">
                      {a.verifiedHost ? <>published by {a.verifiedHost}</> : <>self-registered</>}
                    </div>
                  </td>
                  <td data-label="Redirects to" className="break">
                    {a.redirectHosts.join(", ")}
                  </td>
                  <td data-label="Access">
                    <span className="row" style={{ gap: "0.25rem" }}>
                      {a.scopes.map((s) => (
                        <Badge key={s}>{s}</Badge>
                      ))}
                    </span>
                  </td>
                  <td data-label="Approved">
                    <DateTime iso={a.approvedAt} />
                  </td>
                  <td data-label="Last used">
                    <DateTime iso={a.lastUsedAt} />
                  </td>
                  <td className="actions">
                    <ConfirmButton
                      label={
                        <>
                          Revoke<span className="sr-only"> {a.name}</span>
                        </>
                      }
                      title={`Revoke “${a.name}”?`}
                      body={<p>It loses access immediately, and must ask you again before it can reconnect.</p>}
                      confirmLabel="Revoke access"
                      pending={revoke.isPending && revoke.variables.id === a.id}
                      onConfirm={() => revoke.mutate({ id: a.id, name: a.name })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
