"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "@/lib/client/api";
import { authorizedAppKeys, authorizedAppsQuery } from "@/lib/client/oauth-resources";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Badge, EmptyState, ErrorAlert, LoadingBlock } from "@/components/ui/feedback";
import { formatDate } from "@/lib/client/format";

export function AuthorizedAppsView() {
  const qc = useQueryClient();
  const apps = useQuery(authorizedAppsQuery());
  const revoke = useMutation({
    mutationFn: (id: string) => api<void>(`/api/me/apps/${id}`, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: authorizedAppKeys.all }),
  });

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Authorized apps</h1>
          <p className="muted">
            MCP clients you allowed to act as you. Revoking one signs it out at once; it has to ask you again to reconnect.
          </p>
        </div>
      </div>
      {apps.isPending ? (
        <LoadingBlock />
      ) : apps.isError ? (
        <ErrorAlert error={apps.error} retry={() => apps.refetch()} />
      ) : apps.data.length === 0 ? (
        <EmptyState title="No authorized apps.">
          <p>
            Connect an MCP client from <Link href="/connect">Connect a client</Link>; it appears here once you approve it.
          </p>
        </EmptyState>
      ) : (
        <>
          {revoke.isError && <ErrorAlert error={errorMessage(revoke.error)} />}
          <table>
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
                    <strong>{a.name}</strong>
                    <div className="muted" style={{ fontSize: "0.8rem" }}>
                      {a.verifiedHost ? <>published by {a.verifiedHost}</> : <>self-registered</>}
                    </div>
                  </td>
                  <td>{a.redirectHosts.join(", ")}</td>
                  <td>
                    <span className="row" style={{ gap: "0.25rem" }}>
                      {a.scopes.map((s) => (
                        <Badge key={s}>{s}</Badge>
                      ))}
                    </span>
                  </td>
                  <td>{formatDate(a.approvedAt)}</td>
                  <td>{a.lastUsedAt ? formatDate(a.lastUsedAt) : "Never"}</td>
                  <td style={{ textAlign: "right" }}>
                    <ConfirmButton
                      label={
                        <>
                          Revoke<span className="sr-only"> {a.name}</span>
                        </>
                      }
                      title={`Revoke “${a.name}”?`}
                      body={<p>It loses access immediately, and must ask you again before it can reconnect.</p>}
                      confirmLabel="Revoke access"
                      pending={revoke.isPending && revoke.variables === a.id}
                      onConfirm={() => revoke.mutate(a.id)}
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
