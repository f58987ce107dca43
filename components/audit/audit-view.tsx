"use client";

import { useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ApiError } from "@/lib/client/api";
import { auditQuery, usersQuery, type AuditEventDto, type AuditFilters } from "@/lib/client/resources";
import { serversQuery } from "@/lib/client/servers";
import { Field } from "@/components/ui/field";
import { Badge, EmptyState, ErrorAlert, LoadingBlock } from "@/components/ui/feedback";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";

const outcomes = {
  ok: { tone: "ok", label: "OK" },
  failure: { tone: "danger", label: "Failure" },
  denied: { tone: "danger", label: "Denied" },
  tool_error: { tone: "warn", label: "Tool error" },
  upstream_error: { tone: "warn", label: "Upstream error" },
} as const;

function toIso(local: FormDataEntryValue | null): string | undefined {
  if (typeof local !== "string" || !local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The target, unless it only repeats the server the row already names. */
function target(e: AuditEventDto): string | null {
  if (!e.targetType) return null;
  if (e.targetType === "mcp_server" && e.targetId === e.serverId) return null;
  return `${e.targetType.replace(/_/g, " ")}${e.targetId ? ` ${e.targetId}` : ""}`;
}

/** How the actor authenticated, in words ("pat:<id>" is a personal access token; anything else but "session" is an OAuth client). */
function via(v: string): { text: string; title?: string } {
  if (v === "session") return { text: "the console" };
  if (v.startsWith("pat:")) return { text: "a personal access token", title: v };
  return { text: `OAuth client ${v}` };
}

function detailText(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
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
      <PageHeader title="Audit log" description="Sign-ins, changes and tool calls, newest first." />
      <form
        className="card filters"
        style={{ marginBottom: "1.25rem" }}
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
          <input
            type="text"
            name="kind"
            placeholder="e.g. tool.called"
            list="audit-kinds"
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <datalist id="audit-kinds">
          {[
            "tool.called",
            "auth.signed_in",
            "auth.sign_in_failed",
            "user.created",
            "user.updated",
            "token.created",
            "token.revoked",
          ].map((k) => (
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
          <input
            type="text"
            name="tool"
            placeholder="e.g. github__create_issue"
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <Field label="Outcome" error={fields.outcome}>
          <select name="outcome" defaultValue="">
            <option value="">Any</option>
            {Object.entries(outcomes).map(([value, o]) => (
              <option key={value} value={value}>
                {o.label}
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
        <div className="filters-actions">
          <button className="btn btn-primary">Apply</button>
          <button type="reset" className="btn">
            Clear
          </button>
        </div>
      </form>

      {events.isPending ? (
        <LoadingBlock label="Loading events…" />
      ) : events.isError && !events.data ? (
        Object.keys(fields).length ? (
          <ErrorAlert title="Check the filters." error={events.error} />
        ) : (
          <ErrorAlert title="Could not load the audit log." error={events.error} retry={() => events.refetch()} />
        )
      ) : rows.length === 0 ? (
        <EmptyState title={active ? "No events match these filters." : "No events yet."}>
          {active && <p>Widen the time range or clear a filter.</p>}
        </EmptyState>
      ) : (
        <>
          <table aria-label="Audit events" className="responsive">
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
              {rows.map((e) => {
                const outcome = outcomes[e.outcome as keyof typeof outcomes];
                const details = Object.entries(e.details).filter(([k]) => k !== "intent");
                const how = e.via ? via(e.via) : null;
                const t = target(e);
                return (
                  <tr key={e.id} data-testid="audit-row">
                    <td data-label="When">
                      <DateTime iso={e.createdAt} />
                    </td>
                    <td data-label="Event">
                      <code>{e.kind}</code>
                      {e.tool && (
                        <div className="cell-sub">
                          tool <code>{e.tool}</code>
                        </div>
                      )}
                      {e.serverId && (
                        <div className="cell-sub">on {serverName.get(e.serverId) ?? "a deleted server"}</div>
                      )}
                      {t && <div className="cell-sub">{t}</div>}
                    </td>
                    <td data-label="Actor">
                      <span>{e.actorLabel ?? <span className="muted">—</span>}</span>
                      {how && (
                        <div className="cell-sub" title={how.title}>
                          via {how.text}
                        </div>
                      )}
                      {e.ip && <div className="cell-sub">from {e.ip}</div>}
                    </td>
                    <td data-label="Outcome">
                      <Badge tone={outcome?.tone} title={outcome?.label}>
                        {e.outcome}
                      </Badge>
                      {e.durationMs !== null && <div className="cell-sub">{e.durationMs} ms</div>}
                    </td>
                    <td data-label="Details">
                      {typeof e.details.intent === "string" && (
                        <div data-testid="audit-intent" style={{ marginBottom: details.length ? "0.3rem" : 0 }}>
                          <span className="muted">Intent:</span> {e.details.intent}
                        </div>
                      )}
                      {details.length > 0 && (
                        <dl className="kv">
                          {details.map(([k, v]) => (
                            <div key={k} style={{ display: "contents" }}>
                              <dt>{k}</dt>
                              <dd>{detailText(v)}</dd>
                            </div>
                          ))}
                        </dl>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="row" style={{ justifyContent: "space-between", marginTop: "1rem" }}>
            <span className="muted small" role="status">
              {rows.length} {rows.length === 1 ? "event" : "events"} shown
              {events.hasNextPage ? "; older events are available" : ""}.
            </span>
            {events.hasNextPage && (
              <button className="btn" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
                {events.isFetchingNextPage ? "Loading…" : "Load older events"}
              </button>
            )}
          </div>
          {events.isFetchNextPageError && (
            <ErrorAlert
              title="Could not load older events."
              error={events.error}
              retry={() => events.fetchNextPage()}
            />
          )}
        </>
      )}
    </>
  );
}
