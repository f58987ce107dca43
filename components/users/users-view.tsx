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
type Patch = Partial<Pick<UserDto, "role" | "disabled">>;

export function UsersView({ currentUserId }: { currentUserId: string }) {
  const qc = useQueryClient();
  const users = useQuery(usersQuery());
  const [fields, setFields] = useState<Record<string, string>>({});
  const [showForm, setShowForm] = useState(false);
  const [added, setAdded] = useState<string>();

  const create = useMutation({
    mutationFn: (input: NewUser) => api<UserDto>("/api/users", { method: "POST", json: input }),
    onMutate: () => {
      setFields({});
      setAdded(undefined);
    },
    onSuccess: (user) => {
      setShowForm(false);
      setAdded(user.email);
      void qc.invalidateQueries({ queryKey: userKeys.all });
    },
    onError: (err) => setFields(err instanceof ApiError && err.fields ? err.fields : {}),
  });
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: Patch }) => api<UserDto>(`/api/users/${id}`, { method: "PATCH", json: patch }),
    onMutate: () => setAdded(undefined),
    onSettled: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
  const change = (u: UserDto, patch: Patch) => update.mutate({ id: u.id, patch });

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Users</h1>
          <p className="muted">Who can sign in, and who administers servers. Disabled users cannot sign in and their tokens stop working.</p>
        </div>
        <button
          className="btn btn-primary"
          onClick={() => {
            setShowForm((v) => !v);
            create.reset();
            setFields({});
          }}
          aria-expanded={showForm}
          aria-controls="add-user-form"
        >
          {showForm ? "Cancel" : "Add user"}
        </button>
      </div>

      {showForm && (
        <form
          id="add-user-form"
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
          {create.isError && <ErrorAlert error={create.error} />}
          <div className="filters" style={{ marginBottom: 0 }}>
            <Field label="Name" error={fields.name}>
              <input type="text" name="name" required maxLength={100} autoFocus />
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

      {added && (
        <div className="alert alert-ok" role="status" style={{ marginBottom: "1rem" }}>
          Added {added}. They can sign in with the initial password you chose.
        </div>
      )}
      {update.isError && (
        <div style={{ marginBottom: "1rem" }}>
          <ErrorAlert error={update.error} />
        </div>
      )}
      {users.isPending ? (
        <LoadingBlock label="Loading users…" />
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
                <td>{u.role === "admin" ? <Badge tone="accent">Admin</Badge> : <Badge>Member</Badge>}</td>
                <td>{u.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="ok">Active</Badge>}</td>
                <td className="muted">{u.hasPassword ? "Password" : "Identity provider"}</td>
                <td>{formatDate(u.createdAt)}</td>
                <td>
                  <div className="row" style={{ justifyContent: "flex-end" }}>
                    {u.role === "admin" ? (
                      <ConfirmButton
                        className="btn btn-small"
                        label={<>Make member<span className="sr-only"> ({u.email})</span></>}
                        title={`Make ${u.email} a member?`}
                        body={<p>{u.id === currentUserId ? "You lose access to the admin pages at once." : "They lose access to the admin pages and APIs."}</p>}
                        confirmLabel="Make member"
                        pending={update.isPending}
                        onConfirm={() => change(u, { role: "member" })}
                      />
                    ) : (
                      <button className="btn btn-small" disabled={update.isPending} onClick={() => change(u, { role: "admin" })}>
                        Make admin<span className="sr-only"> ({u.email})</span>
                      </button>
                    )}
                    {u.disabled ? (
                      <button className="btn btn-small" disabled={update.isPending} onClick={() => change(u, { disabled: false })}>
                        Enable<span className="sr-only"> ({u.email})</span>
                      </button>
                    ) : (
                      <ConfirmButton
                        label={<>Disable<span className="sr-only"> ({u.email})</span></>}
                        title={`Disable ${u.email}?`}
                        body={<p>They are signed out of the console and their tokens stop working until you enable them again.</p>}
                        confirmLabel="Disable user"
                        pending={update.isPending}
                        onConfirm={() => change(u, { disabled: true })}
                      />
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
