"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ApiError } from "@/lib/client/api";
import { serverMutations, serverQuery } from "@/lib/client/servers";
import { AUTH_TYPE_DESCRIPTORS } from "@/lib/auth-types/descriptors";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Badge, EmptyState, ErrorAlert, LoadingBlock, Notice } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import { ServerForm } from "@/components/servers/server-form";
import { ConnectionTestPanel } from "@/components/servers/connection-test-panel";
import { ServerIcon } from "@/components/servers/server-icon";
import { OwnConnectionPanel } from "@/components/servers/own-connection-panel";

const crumbs = [{ href: "/servers", label: "Servers" }];

export function ServerEditView({
  id,
  created,
  oauthCallbackUrl,
}: {
  id: string;
  created: boolean;
  oauthCallbackUrl: string;
}) {
  const router = useRouter();
  const server = useQuery(serverQuery(id));
  const remove = useMutation(serverMutations.remove());
  const rediscover = useMutation(serverMutations.rediscover());

  if (server.isPending) return <LoadingBlock label="Loading server…" />;
  if (server.isError) {
    if (server.error instanceof ApiError && server.error.status === 404) {
      return (
        <>
          <PageHeader crumbs={crumbs} title="Server not found" />
          <EmptyState
            title="There is no server with this address."
            action={
              <Link className="btn" href="/servers">
                Back to servers
              </Link>
            }
          >
            <p>It may have been deleted by another admin.</p>
          </EmptyState>
        </>
      );
    }
    return (
      <>
        <PageHeader crumbs={crumbs} title="Server" />
        <ErrorAlert error={server.error} retry={() => server.refetch()} />
      </>
    );
  }
  const s = server.data;
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        icon={<ServerIcon name={s.displayName} iconUrl={s.iconUrl} size={40} />}
        title={s.displayName}
        description={
          <span className="row" style={{ gap: "0.4rem" }}>
            <code>{s.slug}</code>
            {s.enabled ? <Badge tone="ok">Enabled</Badge> : <Badge>Disabled</Badge>}
          </span>
        }
        actions={
          <ConfirmButton
            label="Delete server"
            title={`Delete ${s.displayName}?`}
            body={
              <p>
                Clients lose its tools immediately and every user&apos;s connection to it is removed. This cannot be
                undone.
              </p>
            }
            confirmLabel="Delete server"
            pending={remove.isPending}
            onConfirm={() => remove.mutate(id, { onSuccess: () => router.push("/servers") })}
            className="btn btn-danger"
          />
        }
      />
      <div className="stack">
        {created && (
          <Notice>
            <span className="alert-title">Server created.</span> It is {s.enabled ? "enabled" : "disabled"}: test the
            connection below
            {s.enabled ? "." : ", then enable it when it looks right."}
          </Notice>
        )}
        {remove.isError && <ErrorAlert title="Could not delete the server." error={remove.error} />}
        {AUTH_TYPE_DESCRIPTORS[s.authType].credential === "connected_account" && <OwnConnectionPanel server={s} />}
        <ConnectionTestPanel serverId={s.id} />
        <ServerForm
          key={rediscover.data?.updatedAt ?? "loaded"}
          server={s}
          oauthCallbackUrl={oauthCallbackUrl}
          onSaved={() => {}}
          oauthExtras={
            <div className="stack" style={{ gap: "0.5rem" }}>
              <div>
                <ConfirmButton
                  className="btn btn-small"
                  label={rediscover.isPending ? "Discovering…" : "Re-run OAuth discovery"}
                  title="Re-run OAuth discovery?"
                  body={
                    <p>
                      Switchboard discovers the authorization server again and registers a new client there. Every
                      user&apos;s connection to {s.displayName} is dropped: they must connect again.
                    </p>
                  }
                  confirmLabel="Re-run discovery"
                  pending={rediscover.isPending}
                  onConfirm={() => rediscover.mutate(id)}
                />
              </div>
              {rediscover.isError && <ErrorAlert title="Discovery failed." error={rediscover.error} />}
              {rediscover.isSuccess && <Notice>Registered a new client; users must connect again.</Notice>}
            </div>
          }
        />
      </div>
    </>
  );
}
