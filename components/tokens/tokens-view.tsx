"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, errorMessage } from "@/lib/client/api";
import { tokenKeys, tokensQuery, type NewTokenDto } from "@/lib/client/resources";
import { Field } from "@/components/ui/field";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Badge, EmptyState, ErrorAlert, LoadingBlock } from "@/components/ui/feedback";
import { formatDate } from "@/lib/client/format";

const expiryChoices = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "", label: "Never" },
];

export function TokensView({ apiBase }: { apiBase: string }) {
  const qc = useQueryClient();
  const tokens = useQuery(tokensQuery());
  const [created, setCreated] = useState<NewTokenDto>();
  const [fields, setFields] = useState<Record<string, string>>({});

  const create = useMutation({
    mutationFn: (input: { name: string; expiresInDays?: number; form: HTMLFormElement }) =>
      api<NewTokenDto>("/api/me/tokens", { method: "POST", json: { name: input.name, expiresInDays: input.expiresInDays } }),
    onMutate: () => setFields({}),
    onSuccess: (t, input) => {
      input.form.reset();
      setCreated(t);
      void qc.invalidateQueries({ queryKey: tokenKeys.all });
    },
    onError: (err) => setFields(err instanceof ApiError && err.fields ? err.fields : {}),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api<void>(`/api/me/tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokenKeys.all }),
  });

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Personal access tokens</h1>
          <p className="muted">
            For scripts and MCP clients without OAuth: send <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you.
          </p>
        </div>
      </div>

      <section className="card stack" aria-labelledby="new-token">
        <h2 id="new-token" style={{ margin: 0 }}>
          New token
        </h2>
        <form
          className="row"
          style={{ alignItems: "flex-start" }}
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            const days = String(form.get("expiresInDays") ?? "");
            setCreated(undefined);
            create.mutate({ name: String(form.get("name") ?? ""), expiresInDays: days ? Number(days) : undefined, form: e.currentTarget });
          }}
        >
          <div style={{ flex: "2 1 220px" }}>
            <Field label="Name" hint="What uses it, e.g. “CI deploy script”." error={fields.name}>
              <input type="text" name="name" required maxLength={100} />
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
          <button className="btn btn-primary" disabled={create.isPending} style={{ marginTop: "1.65rem" }}>
            {create.isPending ? "Creating…" : "Create token"}
          </button>
        </form>
        {create.isError && !Object.keys(fields).length && <ErrorAlert error={create.error} />}
        {created && (
          <div className="alert alert-ok stack" role="status" data-testid="new-token">
            <strong>Copy your new token now — it will not be shown again.</strong>
            <div className="secret-once">
              <code data-testid="new-token-value" style={{ flex: 1 }}>
                {created.token}
              </code>
              <CopyButton value={created.token} />
            </div>
            <span className="muted">
              Try it: <code>curl -H &quot;Authorization: Bearer $TOKEN&quot; {apiBase}/me</code>
            </span>
          </div>
        )}
      </section>

      <h2>Your tokens</h2>
      {tokens.isPending ? (
        <LoadingBlock label="Loading tokens…" />
      ) : tokens.isError ? (
        <ErrorAlert error={tokens.error} retry={() => tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title="No tokens yet.">
          <p>Create one above when a script or client needs to act as you.</p>
        </EmptyState>
      ) : (
        <>
          {revoke.isError && <ErrorAlert error={errorMessage(revoke.error)} />}
          <table>
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
                  <td>{t.name}</td>
                  <td>{formatDate(t.createdAt)}</td>
                  <td>
                    {t.expiresAt ? formatDate(t.expiresAt) : "Never"}
                    {t.expiresAt && new Date(t.expiresAt) <= new Date() && (
                      <>
                        {" "}
                        <Badge tone="danger">Expired</Badge>
                      </>
                    )}
                  </td>
                  <td>{t.lastUsedAt ? formatDate(t.lastUsedAt) : "Never"}</td>
                  <td style={{ textAlign: "right" }}>
                    <ConfirmButton
                      label={<>Revoke<span className="sr-only"> {t.name}</span></>}
                      title={`Revoke “${t.name}”?`}
                      body={<p>Anything using this token stops working immediately. This cannot be undone.</p>}
                      confirmLabel="Revoke token"
                      pending={revoke.isPending && revoke.variables === t.id}
                      onConfirm={() => revoke.mutate(t.id)}
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
