"use client";

import { useState } from "react";
import type { ServerDto } from "@/lib/client/servers";
import { AUTH_TYPE_DESCRIPTORS } from "@/lib/auth-types/descriptors";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CheckField } from "@/components/ui/field";

/** Connect / Disconnect for OAuth servers, and the opt-in or opt-out switch for optional servers. */
export function ConnectionActions({
  server: s,
  connecting,
  onConnect,
  onDisconnect,
  disconnecting,
  onSelect,
  selecting,
}: {
  server: ServerDto;
  connecting: boolean;
  onConnect: () => void;
  onDisconnect: () => void;
  disconnecting: boolean;
  /** Resolves once the choice is saved and the server list refetched (or the save failed). */
  onSelect: (selected: boolean) => Promise<void>;
  selecting: boolean;
}) {
  // The switch shows the new position at once (a controlled checkbox would snap back until the refetch).
  const [pendingChoice, setPendingChoice] = useState<boolean>();
  return (
    <div className="connection-actions">
      {AUTH_TYPE_DESCRIPTORS[s.authType].credential === "connected_account" && (
        <div className="row">
          {s.connectionState !== "connected" && (
            <button type="button" className="btn btn-primary" onClick={onConnect} disabled={connecting}>
              {connecting ? "Waiting for sign-in…" : s.connectionState === "needs_reconnect" ? "Reconnect" : "Connect"}
              <span className="sr-only"> {s.displayName}</span>
            </button>
          )}
          {s.connectionState !== "not_connected" && (
            <ConfirmButton
              label={
                <>
                  Disconnect<span className="sr-only"> {s.displayName}</span>
                </>
              }
              title={`Disconnect ${s.displayName}?`}
              body={
                <p>
                  Switchboard forgets your tokens for it (and revokes them where the server allows). Its tools stop
                  working for you until you connect again.
                </p>
              }
              confirmLabel="Disconnect"
              pending={disconnecting}
              onConfirm={onDisconnect}
              className="btn btn-danger"
            />
          )}
        </div>
      )}
      {s.availability === "force_on" ? (
        <span className="muted small" title="An admin made this server available to everyone.">
          Always on
        </span>
      ) : (
        <CheckField
          label={
            <>
              Use in my MCP clients<span className="sr-only"> ({s.displayName})</span>
            </>
          }
          hint={
            s.availability === "default_on"
              ? "On by default; switch it off if you do not need it."
              : "Off by default; switch it on to use it."
          }
          checked={pendingChoice ?? s.selected}
          disabled={selecting}
          onChange={(selected) => {
            setPendingChoice(selected);
            void onSelect(selected).finally(() => setPendingChoice(undefined));
          }}
        />
      )}
    </div>
  );
}
