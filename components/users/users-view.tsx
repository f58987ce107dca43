"use client";

import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ApiError } from "@/lib/client/api";
import { userMutations, usersQuery, type UserDto } from "@/lib/client/resources";
import { Field } from "@/components/ui/field";
import { Badge, EmptyState, ErrorAlert, LoadingBlock, Notice } from "@/components/ui/feedback";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";

type Patch = Partial<Pick<UserDto, "role" | "disabled">>;

export function UsersView({ currentUserId }: { currentUserId: string }) {
  const users = useQuery(usersQuery());
  const [fields, setFields] = useState<Record<string, string>>({});
  const [showForm, setShowForm] = useState(false);
  const [added, setAdded] = useState<string>();

  const create = useMutation(userMutations.create());
  const update = useMutation(userMutations.update());
  const change = (u: UserDto, patch: Patch) => {
    setAdded(undefined);
    update.mutate({ id: u.id, patch });
  };
  const busy = (u: UserDto) => update.isPending && update.variables?.id === u.id;
  const closeForm = () => {
    setShowForm(false);
    create.reset();
    setFields({});
  };

  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in, and who administers Switchboard. Disabled users cannot sign in and their tokens stop working."
        actions={
          !showForm && (
            <button
              className="btn btn-primary"
              onClick={() => {
                setShowForm(true);
                setAdded(undefined);
              }}
            >
              Add user
            </button>
          )
        }
      />

      <div className="stack" style={{ marginBottom: showForm || added || update.isError ? "1rem" : 0 }}>
        {showForm && (
          <form
            id="add-user-form"
            className="card stack"
            aria-labelledby="add-user-title"
            onSubmit={(e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              setFields({});
              setAdded(undefined);
              create.mutate(
                {
                  email: String(f.get("email") ?? ""),
                  name: String(f.get("name") ?? ""),
                  password: String(f.get("password") ?? ""),
                  role: f.get("role") === "admin" ? "admin" : "member",
                },
                {
                  onSuccess: (user) => {
                    setShowForm(false);
                    setAdded(user.email);
                  },
                  onError: (err) => setFields(err instanceof ApiError && err.fields ? err.fields : {}),
                },
              );
            }}
            onKeyDown={(e) => {
              if (e.key === "Escape") closeForm();
            }}
          >
            <h2 id="add-user-title" style={{ margin: 0 }}>
              Add user
            </h2>
            {create.isError && !Object.keys(fields).length && (
              <ErrorAlert title="The user was not added." error={create.error} />
            )}
            <div className="grid-2" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(200px, 1fr))" }}>
              <Field label="Name" error={fields.name}>
                <input type="text" name="name" required maxLength={100} autoFocus autoComplete="off" />
              </Field>
              <Field label="Email" error={fields.email}>
                <input type="email" name="email" required autoComplete="off" />
              </Field>
              <Field label="Initial password" hint="At least 8 characters. Share it privately." error={fields.password}>
                <input type="password" name="password" required minLength={8} autoComplete="new-password" />
              </Field>
              <Field label="Role" hint="Admins manage servers, users and the audit log." error={fields.role}>
                <select name="role" defaultValue="member">
                  <option value="member">Member</option>
                  <option value="admin">Admin</option>
                </select>
              </Field>
            </div>
            <div className="form-footer">
              <button className="btn btn-primary" disabled={create.isPending}>
                {create.isPending ? "Adding…" : "Add user"}
              </button>
              <button type="button" className="btn" onClick={closeForm}>
                Cancel
              </button>
            </div>
          </form>
        )}

        {added && <Notice>Added {added}. They can sign in with the initial password you chose.</Notice>}
        {update.isError && <ErrorAlert title="The change was not saved." error={update.error} />}
      </div>
      {users.isPending ? (
        <LoadingBlock label="Loading users…" />
      ) : users.isError ? (
        <ErrorAlert title="Could not load the users." error={users.error} retry={() => users.refetch()} />
      ) : users.data.length === 0 ? (
        <EmptyState title="No users." />
      ) : (
        <table className="responsive" aria-label="Users">
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
                  <strong className="break">{u.name}</strong>
                  {u.id === currentUserId && <span className="muted"> (you)</span>}
                  <div className="cell-sub">{u.email}</div>
                </td>
                <td data-label="Role">
                  {u.role === "admin" ? <Badge tone="accent">Admin</Badge> : <Badge>Member</Badge>}
                </td>
                <td data-label="Status">
                  {u.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="ok">Active</Badge>}
                </td>
                <td data-label="Sign-in" className="muted nowrap">
                  {u.hasPassword ? "Password" : "Identity provider"}
                </td>
                <td data-label="Created">
                  <DateTime iso={u.createdAt} />
                </td>
                <td className="actions">
                  <div className="row">
                    {u.role === "admin" ? (
                      <ConfirmButton
                        className="btn btn-small"
                        danger={u.id === currentUserId}
                        label={
                          <>
                            Make member<span className="sr-only"> ({u.email})</span>
                          </>
                        }
                        title={`Make ${u.email} a member?`}
                        body={
                          <p>
                            {u.id === currentUserId
                              ? "You lose access to the admin pages at once."
                              : "They lose access to the admin pages and APIs."}
                          </p>
                        }
                        confirmLabel="Make member"
                        pending={busy(u)}
                        onConfirm={() => change(u, { role: "member" })}
                      />
                    ) : (
                      <button className="btn btn-small" disabled={busy(u)} onClick={() => change(u, { role: "admin" })}>
                        Make admin<span className="sr-only"> ({u.email})</span>
                      </button>
                    )}
                    {u.disabled ? (
                      <button
                        className="btn btn-small"
                        disabled={busy(u)}
                        onClick={() => change(u, { disabled: false })}
                      >
                        Enable<span className="sr-only"> ({u.email})</span>
                      </button>
                    ) : (
                      <ConfirmButton
                        label={
                          <>
                            Disable<span className="sr-only"> ({u.email})</span>
                          </>
                        }
                        title={`Disable ${u.email}?`}
                        body={
                          <p>
                            They are signed out of the console and their tokens stop working until you enable them
                            again.
                          </p>
                        }
                        confirmLabel="Disable user"
                        pending={busy(u)}
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
