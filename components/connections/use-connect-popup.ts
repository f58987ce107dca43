"use client";

import { useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { serverKeys, type ServerDto } from "@/lib/client/servers";

const COMPLETE = "switchboard:oauth-complete";
const FAILED = "switchboard:oauth-failed";

export type PopupNotice = { tone: "ok" | "error" | "warn"; text: string; link?: string };

/**
 * Opens the Connect popup for a server and listens for the callback page's message (same origin only); refreshes
 * server data when it arrives or when the popup is closed without one. Notices a blocked popup.
 */
export function useConnectPopup(servers: ServerDto[] | undefined) {
  const qc = useQueryClient();
  const [notice, setNotice] = useState<PopupNotice>();
  const [pending, setPending] = useState<string>();
  const watchers = useRef(new Map<string, number>());
  const latest = useRef<ServerDto[] | undefined>(undefined);
  useEffect(() => {
    latest.current = servers;
  }, [servers]);

  useEffect(() => {
    const nameOf = (id: string) => latest.current?.find((s) => s.id === id)?.displayName ?? "the server";
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin) return;
      const data = event.data as { type?: unknown; serverId?: unknown; message?: unknown } | null;
      if (!data || typeof data.serverId !== "string") return;
      if (data.type === COMPLETE) setNotice({ tone: "ok", text: `Connected to ${nameOf(data.serverId)}.` });
      else if (data.type === FAILED) {
        setNotice({
          tone: "error",
          text: `Could not connect ${nameOf(data.serverId)}: ${typeof data.message === "string" ? data.message : "the sign-in failed."}`,
        });
      } else return;
      setPending(undefined);
      void qc.invalidateQueries({ queryKey: serverKeys.all });
    };
    window.addEventListener("message", onMessage);
    const timers = watchers.current;
    return () => {
      window.removeEventListener("message", onMessage);
      for (const t of timers.values()) window.clearInterval(t);
    };
  }, [qc]);

  const connect = (s: Pick<ServerDto, "id" | "displayName">) => {
    const url = `/api/servers/${s.id}/oauth2/connect`;
    const popup = window.open(url, `switchboard-connect-${s.id}`, "popup=yes,width=520,height=720");
    if (!popup || popup.closed) {
      setNotice({
        tone: "warn",
        text: `Your browser blocked the sign-in popup for ${s.displayName}. Allow popups for this site and try again, or sign in in a new tab:`,
        link: url,
      });
      return;
    }
    setNotice(undefined);
    setPending(s.id);
    window.clearInterval(watchers.current.get(s.id));
    watchers.current.set(
      s.id,
      window.setInterval(() => {
        if (!popup.closed) return;
        window.clearInterval(watchers.current.get(s.id));
        watchers.current.delete(s.id);
        setPending((p) => (p === s.id ? undefined : p));
        void qc.invalidateQueries({ queryKey: serverKeys.all });
      }, 500),
    );
  };

  return { connect, pending, notice, setNotice };
}
