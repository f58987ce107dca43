"use client";

import { useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/client/api";
import { auditKeys, auditPath, type AuditEventDto, type AuditFilters } from "@/lib/client/resources";
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

export function AuditView() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const events = useInfiniteQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam }) => api<{ events: AuditEventDto[]; nextCursor: string | null }>(auditPath(filters, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];
  // Names for the server filter and the rows; audit rows of deleted servers keep their id.
  const servers = useQuery(serversQuery());
  const serverName = new Map((servers.data ?? []).map((s) => [s.id, s.displayName]));

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="muted">Sign-ins, changes and tool calls (with the model&apos;s stated intent), newest first.</p>
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
      >
        <Field label="Kind">
          <input type="text" name="kind" placeholder="e.g. tool.called" />
        </Field>
        <Field label="Actor id">
          <input type="text" name="actor" placeholder="user id" />
        </Field>
        <Field label="Server">
          <select name="server" defaultValue="">
            <option value="">Any</option>
            {(servers.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.displayName} ({s.slug})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Tool">
          <input type="text" name="tool" placeholder="e.g. github__create_issue" />
        </Field>
        <Field label="Outcome">
          <select name="outcome" defaultValue="">
            <option value="">Any</option>
            {Object.keys(outcomeTone).map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </Field>
        <Field label="From">
          <input type="datetime-local" name="from" />
        </Field>
        <Field label="To">
          <input type="datetime-local" name="to" />
        </Field>
        <div className="row">
          <button className="btn btn-primary">Apply</button>
          <button
            type="reset"
            className="btn"
            onClick={() => {
              setFilters({});
            }}
          >
            Clear
          </button>
        </div>
      </form>

      {events.isPending ? (
        <LoadingBlock />
      ) : events.isError ? (
        <ErrorAlert error={events.error} retry={() => events.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No events match these filters." />
      ) : (
        <>
          <table>
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
                  <td style={{ whiteSpace: "nowrap" }}>{formatDate(e.createdAt)}</td>
                  <td>
                    <code>{e.kind}</code>
                    {e.tool && <div className="muted">{e.tool}</div>}
                    {e.serverId && <div className="muted">on {serverName.get(e.serverId) ?? "a deleted server"}</div>}
                  </td>
                  <td>
                    {e.actorLabel ?? <span className="muted">—</span>}
                    {e.via && <div className="muted">via {e.via}</div>}
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
