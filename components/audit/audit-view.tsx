"use client";

import { useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ApiError } from "@/lib/client/api";
import { auditQuery, usersQuery, type AuditEventDto, type AuditFilters } from "@/lib/client/resources";
import { serversQuery } from "@/lib/client/servers";
import { Field } from "@/components/ui/field";
import { Badge, EmptyState, ErrorAlert, LoadingBlock } from "@/components/ui/feedback";
import { formatDate } from "@/lib/client/format";

const outcomeTone = { ok: "ok", failure: "danger", denied: "danger", tool_error: "warn", upstream_error: "warn" } as const;

function toIso(local: FormDataEntryValue | null): string | undefined {
  if (typeof local !== "string" || !local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function target(e: AuditEventDto): string | null {
  if (!e.targetType) return null;
  return `${e.targetType}${e.targetId ? ` ${e.targetId}` : ""}`;
}

export function AuditView() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const events = useInfiniteQuery(auditQuery(filters));
  const users = useQuery(usersQuery());
  // Names for the server filter and the rows (audit rows of deleted servers keep only the id).
  const servers = useQuery(serversQuery());
  const serverName = new Map((servers.data ?? []).map((s) => [s.id, s.displayName]));
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];
  // Bad filter values come back as field errors; show them beside the filter that caused them.
  const fields = events.error instanceof ApiError && !events.data ? (events.error.fields ?? {}) : {};
  const active = Object.values(filters).some(Boolean);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="muted">Sign-ins, changes and tool calls, newest first.</p>
        </div>
      </div>
      <form
        className="filters card"
        aria-label="Filter audit events"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const text = (k: string) => String(f.get(k) ?? "").trim() || undefined;
          setFilters({
            kind: text("kind"),
            actor: text("actor"),
            server: text("server"),
            tool: text("tool"),
            outcome: text("outcome"),
            from: toIso(f.get("from")),
            to: toIso(f.get("to")),
          });
        }}
        onReset={() => setFilters({})}
      >
        <Field label="Kind" error={fields.kind}>
          <input type="text" name="kind" placeholder="e.g. auth.sign_in_failed" list="audit-kinds" />
        </Field>
        <datalist id="audit-kinds">
          {["tool.called", "auth.signed_in", "auth.sign_in_failed", "user.created", "user.updated", "token.created", "token.revoked"].map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
        <Field label="Actor" error={fields.actor}>
          <select name="actor" defaultValue="">
            <option value="">Anyone</option>
            {users.data?.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Server" error={fields.server}>
          <select name="server" defaultValue="">
            <option value="">Any</option>
            {servers.data?.map((srv) => (
              <option key={srv.id} value={srv.id}>
                {srv.displayName} ({srv.slug})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Tool" error={fields.tool}>
          <input type="text" name="tool" placeholder="e.g. github__create_issue" />
        </Field>
        <Field label="Outcome" error={fields.outcome}>
          <select name="outcome" defaultValue="">
            <option value="">Any</option>
            {Object.keys(outcomeTone).map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </Field>
        <Field label="From" error={fields.from}>
          <input type="datetime-local" name="from" />
        </Field>
        <Field label="To" error={fields.to}>
          <input type="datetime-local" name="to" />
        </Field>
        <div className="row">
          <button className="btn btn-primary">Apply</button>
          <button type="reset" className="btn">
            Clear
          </button>
        </div>
      </form>

      {events.isPending ? (
        <LoadingBlock label="Loading events…" />
      ) : events.isError && !events.data ? (
        <ErrorAlert error={events.error} retry={() => events.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={active ? "No events match these filters." : "No events yet."} />
      ) : (
        <>
          <table aria-label="Audit events">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Actor</th>
                <th scope="col">Outcome</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id} data-testid="audit-row">
                  <td style={{ whiteSpace: "nowrap" }}>
                    <time dateTime={e.createdAt}>{formatDate(e.createdAt)}</time>
                  </td>
                  <td>
                    <code>{e.kind}</code>
                    {e.tool && <div className="muted">tool {e.tool}</div>}
                    {e.serverId && <div className="muted">on {serverName.get(e.serverId) ?? "a deleted server"}</div>}
                    {target(e) && <div className="muted" style={{ wordBreak: "break-all" }}>{target(e)}</div>}
                  </td>
                  <td>
                    {e.actorLabel ?? <span className="muted">—</span>}
                    {e.via && <div className="muted">via {e.via}</div>}
                    {e.ip && <div className="muted">from {e.ip}</div>}
                  </td>
                  <td>
                    <Badge tone={outcomeTone[e.outcome as keyof typeof outcomeTone]}>{e.outcome}</Badge>
                    {e.durationMs !== null && <div className="muted">{e.durationMs} ms</div>}
                  </td>
                  <td>
                    {typeof e.details.intent === "string" && <div data-testid="audit-intent">Intent: {e.details.intent}</div>}
                    <code style={{ fontSize: "0.8rem", wordBreak: "break-word" }}>{Object.keys(e.details).length ? JSON.stringify(e.details) : ""}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {events.isFetchNextPageError && <ErrorAlert error={events.error} retry={() => events.fetchNextPage()} />}
          {events.hasNextPage && (
            <div style={{ textAlign: "center", marginTop: "1rem" }}>
              <button className="btn" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
                {events.isFetchingNextPage ? "Loading…" : "Load older events"}
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}
