"use client";

import { useMutation } from "@tanstack/react-query";
import { connectionMutations, type AdminServerDto } from "@/lib/client/servers";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { ErrorAlert } from "@/components/ui/feedback";
import { ConnectionBadge } from "@/components/connections/connection-badge";
import { PopupNoticeAlert } from "@/components/connections/popup-notice";
import { useConnectPopup } from "@/components/connections/use-connect-popup";

/** The admin's own OAuth connection to this server (also while it is disabled), which the connection test uses. */
export function OwnConnectionPanel({ server }: { server: AdminServerDto }) {
  const { connect, pending, notice } = useConnectPopup([server]);
  const disconnect = useMutation(connectionMutations.disconnect());
  return (
    <section className="card stack" aria-labelledby="own-connection" data-testid="own-connection">
      <div className="card-header">
        <div className="title-line">
          <h2 id="own-connection">Your connection</h2>
          <ConnectionBadge state={server.connectionState} />
        </div>
        <div className="row">
          {server.connectionState !== "connected" && (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => connect(server)}
              disabled={pending === server.id}
            >
              {pending === server.id
                ? "Waiting for sign-in…"
                : server.connectionState === "needs_reconnect"
                  ? "Reconnect your account"
                  : "Connect your account"}
            </button>
          )}
          {server.connectionState !== "not_connected" && (
            <ConfirmButton
              className="btn btn-danger"
              label="Disconnect"
              title={`Disconnect your ${server.displayName} account?`}
              body={
                <p>
                  Switchboard forgets your tokens for it. The connection test and your own tool calls stop working until
                  you connect again.
                </p>
              }
              confirmLabel="Disconnect"
              pending={disconnect.isPending}
              onConfirm={() => disconnect.mutate(server)}
            />
          )}
        </div>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        The connection test uses your own account. Connect it here, even before the server is enabled.
      </p>
      <PopupNoticeAlert notice={notice} />
      {disconnect.isError && <ErrorAlert title="Could not disconnect." error={disconnect.error} />}
    </section>
  );
}
