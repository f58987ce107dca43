"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/client/api";
import { userKeys, usersQuery, type UserDto } from "@/lib/client/resources";
import { Field } from "@/components/ui/field";
import { Badge, EmptyState, ErrorAlert, LoadingBlock } from "@/components/ui/feedback";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { formatDate } from "@/lib/client/format";

type NewUser = { email: string; name: string; password: string; role: "admin" | "member" };

export function UsersView({ currentUserId }: { currentUserId: string }) {
  const qc = useQueryClient();
  const users = useQuery(usersQuery());
  const [fields, setFields] = useState<Record<string, string>>({});
  const [showForm, setShowForm] = useState(false);

  const create = useMutation({
    mutationFn: (input: NewUser) => api<UserDto>("/api/users", { method: "POST", json: input }),
    onMutate: () => setFields({}),
    onSuccess: () => {
      setShowForm(false);
      void qc.invalidateQueries({ queryKey: userKeys.all });
    },
    onError: (err) => setFields(err instanceof ApiError && err.fields ? err.fields : {}),
  });
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: Partial<Pick<UserDto, "role" | "disabled">> }) =>
      api<UserDto>(`/api/users/${id}`, { method: "PATCH", json: patch }),
    onSettled: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Users</h1>
          <p className="muted">Who can sign in, and who administers servers. Disabled users cannot sign in and their tokens stop working.</p>
        </div>
        <button className="btn btn-primary" onClick={() => setShowForm((v) => !v)} aria-expanded={showForm}>
          {showForm ? "Cancel" : "Add user"}
        </button>
      </div>

      {showForm && (
        <form
          className="card stack"
          style={{ marginBottom: "1.5rem" }}
          aria-label="Add user"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            create.mutate({
              email: String(f.get("email") ?? ""),
              name: String(f.get("name") ?? ""),
              password: String(f.get("password") ?? ""),
              role: f.get("role") === "admin" ? "admin" : "member",
            });
          }}
        >
          {create.isError && !Object.keys(fields).length && <ErrorAlert error={create.error} />}
          <div className="filters" style={{ marginBottom: 0 }}>
            <Field label="Name" error={fields.name}>
              <input type="text" name="name" required />
            </Field>
            <Field label="Email" error={fields.email}>
              <input type="email" name="email" required />
            </Field>
            <Field label="Initial password" hint="At least 8 characters; share it privately." error={fields.password}>
              <input type="password" name="password" required minLength={8} autoComplete="new-password" />
            </Field>
            <Field label="Role" error={fields.role}>
              <select name="role" defaultValue="member">
                <option value="member">Member</option>
                <option value="admin">Admin</option>
              </select>
            </Field>
          </div>
          <div>
            <button className="btn btn-primary" disabled={create.isPending}>
              {create.isPending ? "Adding…" : "Add user"}
            </button>
          </div>
        </form>
      )}

      {update.isError && <ErrorAlert error={update.error} />}
      {users.isPending ? (
        <LoadingBlock />
      ) : users.isError ? (
        <ErrorAlert error={users.error} retry={() => users.refetch()} />
      ) : users.data.length === 0 ? (
        <EmptyState title="No users." />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Sign-in</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.email}`}>
                <td>
                  <strong>{u.name}</strong>
                  {u.id === currentUserId && <span className="muted"> (you)</span>}
                  <div className="muted">{u.email}</div>
                </td>
                <td>
                  <label className="sr-only" htmlFor={`role-${u.id}`}>
                    Role of {u.email}
                  </label>
                  <select
                    id={`role-${u.id}`}
                    value={u.role}
                    disabled={update.isPending}
                    onChange={(e) => update.mutate({ id: u.id, patch: { role: e.target.value as UserDto["role"] } })}
                  >
                    <option value="member">Member</option>
                    <option value="admin">Admin</option>
                  </select>
                </td>
                <td>{u.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="ok">Active</Badge>}</td>
                <td className="muted">{u.hasPassword ? "Password" : "Identity provider"}</td>
                <td>{formatDate(u.createdAt)}</td>
                <td style={{ textAlign: "right" }}>
                  {u.disabled ? (
                    <button className="btn btn-small" disabled={update.isPending} onClick={() => update.mutate({ id: u.id, patch: { disabled: false } })}>
                      Enable
                    </button>
                  ) : (
                    <ConfirmButton
                      label={<>Disable<span className="sr-only"> {u.email}</span></>}
                      title={`Disable ${u.email}?`}
                      body={<p>They are signed out of the console and their tokens stop working until you enable them again.</p>}
                      confirmLabel="Disable user"
                      pending={update.isPending}
                      onConfirm={() => update.mutate({ id: u.id, patch: { disabled: true } })}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
