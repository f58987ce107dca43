"use client";

import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ApiError, errorMessage } from "@/lib/client/api";
import { tokenMutations, tokensQuery, type NewTokenDto } from "@/lib/client/resources";
import { Field } from "@/components/ui/field";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Badge, EmptyState, ErrorAlert, LoadingBlock, Notice } from "@/components/ui/feedback";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";

const expiryChoices = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "", label: "Never" },
];

export function TokensView({ apiBase }: { apiBase: string }) {
  const tokens = useQuery(tokensQuery());
  const [created, setCreated] = useState<NewTokenDto>();
  const [fields, setFields] = useState<Record<string, string>>({});

  const create = useMutation(tokenMutations.create());
  const revoke = useMutation(tokenMutations.revoke());

  return (
    <>
      <PageHeader
        title="Personal access tokens"
        description={
          <>
            For scripts and MCP clients without OAuth: send <code>Authorization: Bearer &lt;token&gt;</code>. A token
            acts as you, so treat it like a password.
          </>
        }
      />

      <section className="card stack" aria-labelledby="new-token">
        <h2 id="new-token" style={{ margin: 0 }}>
          New token
        </h2>
        <form
          className="row"
          style={{ alignItems: "flex-end", gap: "0.75rem" }}
          onSubmit={(e) => {
            e.preventDefault();
            const formElement = e.currentTarget;
            const form = new FormData(formElement);
            const days = String(form.get("expiresInDays") ?? "");
            setCreated(undefined);
            setFields({});
            create.mutate(
              { name: String(form.get("name") ?? ""), expiresInDays: days ? Number(days) : undefined },
              {
                onSuccess: (t) => {
                  formElement.reset();
                  setCreated(t);
                },
                onError: (err) => setFields(err instanceof ApiError && err.fields ? err.fields : {}),
              },
            );
          }}
        >
          <div style={{ flex: "2 1 220px" }}>
            <Field label="Name" error={fields.name}>
              <input
                type="text"
                name="name"
                required
                maxLength={100}
                placeholder="What uses it, e.g. CI deploy script"
                autoComplete="off"
              />
            </Field>
          </div>
          <div style={{ flex: "1 1 140px" }}>
            <Field label="Expires" error={fields.expiresInDays}>
              <select name="expiresInDays" defaultValue="90">
                {expiryChoices.map((c) => (
                  <option key={c.label} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <button className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create token"}
          </button>
        </form>
        {create.isError && !Object.keys(fields).length && (
          <ErrorAlert title="The token was not created." error={create.error} />
        )}
        {created && (
          <div className="alert alert-ok stack" role="status" data-testid="new-token" style={{ gap: "0.6rem" }}>
            <span className="alert-title">
              Token “{created.name}” created. Copy it now: it will not be shown again.
            </span>
            <div className="secret-once">
              <code data-testid="new-token-value">{created.token}</code>
              <CopyButton value={created.token} what="token" />
            </div>
            <span className="muted small">
              Try it: <code className="break">curl -H &quot;Authorization: Bearer $TOKEN&quot; {apiBase}/me</code>
            </span>
          </div>
        )}
      </section>

      <h2 id="your-tokens">Your tokens</h2>
      {revoke.isSuccess && (
        <div style={{ marginBottom: "0.75rem" }}>
          <Notice>Revoked “{revoke.variables.name}”. Anything still using it stops working.</Notice>
        </div>
      )}
      {revoke.isError && (
        <div style={{ marginBottom: "0.75rem" }}>
          <ErrorAlert title="Could not revoke the token." error={errorMessage(revoke.error)} />
        </div>
      )}
      {tokens.isPending ? (
        <LoadingBlock label="Loading tokens…" />
      ) : tokens.isError ? (
        <ErrorAlert title="Could not load your tokens." error={tokens.error} retry={() => tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title="No tokens yet.">
          <p>Create one above when a script or client needs to act as you.</p>
        </EmptyState>
      ) : (
        <>
          <table className="responsive" aria-labelledby="your-tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((t) => (
                <tr key={t.id}>
                  <td>
                    <strong className="break">{t.name}</strong>
                  </td>
                  <td data-label="Created">
                    <DateTime iso={t.createdAt} />
                  </td>
                  <td data-label="Expires">
                    <span className="row" style={{ gap: "0.35rem" }}>
                      <DateTime iso={t.expiresAt} />
                      {t.expiresAt && new Date(t.expiresAt) <= new Date() && <Badge tone="danger">Expired</Badge>}
                    </span>
                  </td>
                  <td data-label="Last used">
                    <DateTime iso={t.lastUsedAt} />
                  </td>
                  <td className="actions">
                    <ConfirmButton
                      label={
                        <>
                          Revoke<span className="sr-only"> {t.name}</span>
                        </>
                      }
                      title={`Revoke “${t.name}”?`}
                      body={<p>Anything using this token stops working immediately. This cannot be undone.</p>}
                      confirmLabel="Revoke token"
                      pending={revoke.isPending && revoke.variables.id === t.id}
                      onConfirm={() => revoke.mutate({ id: t.id, name: t.name })}
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
