"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/client/api";
import { serverKeys, serverQuery, type AdminServerDto } from "@/lib/client/servers";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { ErrorAlert, LoadingBlock } from "@/components/ui/feedback";
import { ServerForm } from "@/components/servers/server-form";
import { ConnectionTestPanel } from "@/components/servers/connection-test-panel";
import { ServerIcon } from "@/components/servers/server-icon";
import { OwnConnectionPanel } from "@/components/servers/own-connection-panel";

export function ServerEditView({ id, created }: { id: string; created: boolean }) {
  const router = useRouter();
  const qc = useQueryClient();
  const server = useQuery(serverQuery(id));
  const remove = useMutation({
    mutationFn: () => api<void>(`/api/servers/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: serverKeys.detail(id) });
      void qc.invalidateQueries({ queryKey: serverKeys.all });
      router.push("/servers");
    },
  });
  const rediscover = useMutation({
    mutationFn: () => api<AdminServerDto>(`/api/servers/${id}/oauth2/discover`, { method: "POST" }),
    onSuccess: (saved) => {
      qc.setQueryData(serverKeys.detail(id), saved);
      void qc.invalidateQueries({ queryKey: serverKeys.all });
    },
  });

  if (server.isPending) return <LoadingBlock />;
  if (server.isError) return <ErrorAlert error={server.error} retry={() => server.refetch()} />;
  const s = server.data;
  return (
    <>
      <div className="page-header">
        <div className="row">
          <ServerIcon name={s.displayName} iconUrl={s.iconUrl} size={36} />
          <div>
            <h1>{s.displayName}</h1>
            <p className="muted" style={{ margin: 0 }}>
              <Link href="/servers">Servers</Link> / <code>{s.slug}</code>
            </p>
          </div>
        </div>
        <ConfirmButton
          label="Delete server"
          title={`Delete ${s.displayName}?`}
          body={<p>Clients lose its tools immediately and every user&apos;s connection to it is removed. This cannot be undone.</p>}
          confirmLabel="Delete server"
          pending={remove.isPending}
          onConfirm={() => remove.mutate()}
          className="btn btn-danger"
        />
      </div>
      {created && (
        <div className="alert alert-ok" role="status" style={{ marginBottom: "1rem" }}>
          Server created. Test the connection below, then enable it when it looks right.
        </div>
      )}
      {remove.isError && <ErrorAlert error={remove.error} />}
      {s.authType === "oauth2" && s.oauth2Registration !== "manual" && (
        <div className="row" style={{ marginBottom: "1rem" }}>
          <button type="button" className="btn btn-small" onClick={() => rediscover.mutate()} disabled={rediscover.isPending}>
            {rediscover.isPending ? "Discovering…" : "Re-run OAuth discovery"}
          </button>
          {rediscover.isError && <ErrorAlert error={rediscover.error} />}
          {rediscover.isSuccess && <span className="muted">Registered a new client; users must connect again.</span>}
        </div>
      )}
      <div className="stack">
        {s.authType === "oauth2" && <OwnConnectionPanel server={s} />}
        <ConnectionTestPanel serverId={s.id} />
        <ServerForm key={rediscover.data?.updatedAt ?? "loaded"} server={s} onSaved={() => {}} />
      </div>
    </>
  );
}
