"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/client/api";
import { serverKeys, type AdminServerDto } from "@/lib/client/servers";
import { ErrorAlert } from "@/components/ui/feedback";
import { ConnectionBadge } from "@/components/connections/connection-badge";
import { PopupNoticeAlert } from "@/components/connections/popup-notice";
import { useConnectPopup } from "@/components/connections/use-connect-popup";

/** The admin's own OAuth connection to this server (also while it is disabled), which the connection test uses. */
export function OwnConnectionPanel({ server }: { server: AdminServerDto }) {
  const qc = useQueryClient();
  const { connect, pending, notice } = useConnectPopup([server]);
  const disconnect = useMutation({
    mutationFn: () => api<void>(`/api/servers/${server.id}/oauth2/disconnect`, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: serverKeys.all }),
  });
  return (
    <section className="card stack" aria-labelledby="own-connection" data-testid="own-connection">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <div className="row">
          <h2 id="own-connection" style={{ margin: 0 }}>
            Your connection
          </h2>
          <ConnectionBadge state={server.connectionState} />
        </div>
        <div className="row">
          {server.connectionState !== "connected" && (
            <button type="button" className="btn" onClick={() => connect(server)} disabled={pending === server.id}>
              {pending === server.id ? "Waiting for sign-in…" : "Connect your account"}
            </button>
          )}
          {server.connectionState !== "not_connected" && (
            <button type="button" className="btn btn-small" onClick={() => disconnect.mutate()} disabled={disconnect.isPending}>
              Disconnect
            </button>
          )}
        </div>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        The connection test uses your own account. Connect it here, even before the server is enabled.
      </p>
      <PopupNoticeAlert notice={notice} />
      {disconnect.isError && <ErrorAlert error={disconnect.error} />}
    </section>
  );
}
