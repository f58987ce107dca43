"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useMutation } from "@tanstack/react-query";
import { ApiError, errorMessage } from "@/lib/client/api";
import { availabilityLabels, serverMutations, type AdminServerDto } from "@/lib/client/servers";
import { AUTH_TYPE_DESCRIPTORS } from "@/lib/auth-types/descriptors";
import { CheckField, Field } from "@/components/ui/field";
import { AuthFields } from "@/components/servers/auth-fields";
import { TagInput } from "@/components/servers/tag-input";
import { formBody, initialFormState, type ServerFormState } from "@/components/servers/server-form-state";

type Outcome = { kind: "saved" } | { kind: "unchanged" } | { kind: "failed"; message: string } | undefined;

/** Create (no server) or edit form. On edit only changed fields are sent, and secrets only when typed. */
export function ServerForm({
  server,
  onSaved,
  oauthExtras,
  oauthCallbackUrl,
}: {
  server?: AdminServerDto;
  /** The redirect URI an admin registers at the provider for a manually configured OAuth client (known once the server exists). */
  oauthCallbackUrl?: string;
  onSaved: (saved: AdminServerDto) => void;
  /** Shown under the discovered OAuth client (e.g. "Re-run discovery"). */
  oauthExtras?: ReactNode;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [initial, setInitial] = useState(() => (server ? initialFormState(server) : undefined));
  const [state, setState] = useState<ServerFormState>(() => initialFormState(server));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome>();
  // Bumped on every failed save, so focus moves to the problem even when the same error comes back.
  const [failures, setFailures] = useState(0);
  const set = (patch: Partial<ServerFormState>) => {
    setState((s) => ({ ...s, ...patch }));
    setOutcome((o) => (o?.kind === "failed" ? o : undefined));
  };

  const save = useMutation(serverMutations.save());
  const submit = (body: Record<string, unknown>) => {
    setErrors({});
    setOutcome(undefined);
    save.mutate(
      { id: server?.id, body },
      {
        onSuccess: (saved) => {
          const next = initialFormState(saved);
          setInitial(next);
          setState(next);
          setOutcome({ kind: "saved" });
          onSaved(saved);
        },
        onError: (err) => {
          setErrors(err instanceof ApiError && err.fields ? err.fields : {});
          setOutcome({ kind: "failed", message: errorMessage(err) });
          setFailures((n) => n + 1);
        },
      },
    );
  };

  // After a failed save the message may be far from the button: move focus to the first field in error, or the summary.
  useEffect(() => {
    if (!failures) return;
    const form = formRef.current;
    const target =
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form?.querySelector<HTMLElement>("[data-save-summary]");
    target?.focus();
  }, [failures]);

  const creating = !server;
  const body = formBody(state, initial);
  const dirty = creating || Object.keys(body).length > 0;
  return (
    <form
      ref={formRef}
      className="card stack"
      aria-label={creating ? "New server" : `Edit ${server.displayName}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!dirty) {
          setOutcome({ kind: "unchanged" });
          return;
        }
        submit(body);
      }}
    >
      <h2 className="section-title">Server</h2>
      <div className="grid-2">
        <Field label="Display name" error={errors.displayName}>
          <input
            type="text"
            value={state.displayName}
            onChange={(e) => set({ displayName: e.target.value })}
            required
            maxLength={100}
          />
        </Field>
        <Field
          label="Slug"
          hint="Unique; lowercase letters, digits and hyphens. Namespaces tool names."
          error={errors.slug}
        >
          <input
            type="text"
            value={state.slug}
            onChange={(e) =>
              set({ slug: e.target.value, ...(state.prefixTouched ? {} : { toolPrefix: e.target.value }) })
            }
            required
            maxLength={32}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <Field label="Server URL" hint="The MCP endpoint, e.g. https://mcp.example.com/mcp." error={errors.url}>
          <input
            type="url"
            value={state.url}
            onChange={(e) => set({ url: e.target.value })}
            required
            spellCheck={false}
          />
        </Field>
        <Field label="Transport" error={errors.transport}>
          <select
            value={state.transport}
            onChange={(e) => set({ transport: e.target.value as ServerFormState["transport"] })}
          >
            <option value="streamable_http">Streamable HTTP</option>
            <option value="sse">SSE (legacy)</option>
          </select>
        </Field>
        <Field label="Icon URL" hint="Optional. An image shown beside the name." error={errors.iconUrl}>
          <input
            type="url"
            value={state.iconUrl}
            onChange={(e) => set({ iconUrl: e.target.value })}
            spellCheck={false}
          />
        </Field>
        <Field
          label="Description"
          hint="Optional. Tells users what the server is for."
          error={errors.description}
          className="span-all"
        >
          <textarea
            rows={2}
            value={state.description}
            onChange={(e) => set({ description: e.target.value })}
            maxLength={2000}
          />
        </Field>
      </div>

      <h2 className="section-title">Authentication</h2>
      <Field
        label="Auth type"
        hint={
          server && state.authType !== server.authType
            ? "Changing the type clears the old type's settings and secrets when you save."
            : undefined
        }
        error={errors.authType}
      >
        <select
          value={state.authType}
          onChange={(e) => set({ authType: e.target.value as ServerFormState["authType"] })}
        >
          {(Object.keys(AUTH_TYPE_DESCRIPTORS) as Array<ServerFormState["authType"]>).map((t) => (
            <option key={t} value={t}>
              {AUTH_TYPE_DESCRIPTORS[t].option}
            </option>
          ))}
        </select>
      </Field>
      <AuthFields
        state={state}
        set={set}
        errors={errors}
        server={server}
        extras={oauthExtras}
        callbackUrl={oauthCallbackUrl}
      />

      <h2 className="section-title">Availability and behaviour</h2>
      <Field label="Availability" hint={availabilityLabels[state.availability].hint} error={errors.availability}>
        <select
          value={state.availability}
          onChange={(e) => set({ availability: e.target.value as ServerFormState["availability"] })}
        >
          {(Object.keys(availabilityLabels) as Array<ServerFormState["availability"]>).map((a) => (
            <option key={a} value={a}>
              {availabilityLabels[a].label}
            </option>
          ))}
        </select>
      </Field>
      <div className="stack" style={{ gap: "0.7rem" }}>
        <CheckField
          label="Enabled"
          hint="Users and clients see the server only while it is enabled."
          checked={state.enabled}
          onChange={(v) => set({ enabled: v })}
        />
        <CheckField
          label="Allow in plan mode (all tools of this server)"
          hint="Clients in plan mode get this server's tools; approve only read-only servers."
          checked={state.allowInPlanMode}
          onChange={(v) => set({ allowInPlanMode: v })}
        />
        <CheckField
          label="Model intent"
          hint="Tools ask the model to state why it calls them; the intent is audited."
          checked={state.modelIntent}
          onChange={(v) => set({ modelIntent: v })}
        />
        <CheckField
          label="Forward identity headers"
          hint="Send the caller's id, email and name, plus a signed X-Switchboard-Identity token."
          checked={state.forwardIdentityHeaders}
          onChange={(v) => set({ forwardIdentityHeaders: v })}
        />
      </div>

      <h2 className="section-title">Tools</h2>
      <div className="grid-2">
        <TagInput
          label="Tool allow list"
          hint="Exact tool names; press Enter after each. Empty allows every tool."
          value={state.toolAllowList}
          onChange={(v) => set({ toolAllowList: v })}
          error={errors.toolAllowList}
        />
        <TagInput
          label="Tool deny list"
          hint="Exact tool names; the deny list wins over the allow list."
          value={state.toolDenyList}
          onChange={(v) => set({ toolDenyList: v })}
          error={errors.toolDenyList}
        />
        <Field
          label="Tool prefix"
          hint="Tools are exposed as prefix__tool; empty exposes names unprefixed."
          error={errors.toolPrefix}
        >
          <input
            type="text"
            value={state.toolPrefix}
            onChange={(e) => set({ toolPrefix: e.target.value, prefixTouched: true })}
            maxLength={32}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <Field label="Call timeout (ms)" hint="Optional. Empty uses the gateway default." error={errors.callTimeoutMs}>
          <input
            type="number"
            min={1000}
            max={600000}
            step={1000}
            value={state.callTimeoutMs}
            onChange={(e) => set({ callTimeoutMs: e.target.value })}
          />
        </Field>
      </div>

      <div className="form-footer">
        <button className="btn btn-primary" disabled={save.isPending}>
          {save.isPending
            ? creating && state.authType === "oauth2" && state.oauthMode === "discover"
              ? "Discovering…"
              : "Saving…"
            : creating
              ? "Create server"
              : "Save changes"}
        </button>
        {creating ? (
          <Link className="btn" href="/servers">
            Cancel
          </Link>
        ) : (
          dirty && (
            <button
              type="button"
              className="btn"
              disabled={save.isPending}
              onClick={() => {
                setState(initial!);
                setErrors({});
                setOutcome(undefined);
              }}
            >
              Discard changes
            </button>
          )
        )}
        <span className="spacer" />
        <SaveOutcome outcome={outcome} dirty={!creating && dirty} />
      </div>
    </form>
  );
}

function SaveOutcome({ outcome, dirty }: { outcome: Outcome; dirty: boolean }) {
  if (outcome?.kind === "failed") {
    return (
      <span className="error" role="alert" tabIndex={-1} data-save-summary>
        Not saved: {outcome.message}
      </span>
    );
  }
  if (outcome?.kind === "saved" && !dirty) {
    return (
      <span className="badge badge-ok" role="status">
        Saved.
      </span>
    );
  }
  if (outcome?.kind === "unchanged") {
    return (
      <span className="muted" role="status">
        No changes to save.
      </span>
    );
  }
  return dirty ? <span className="muted small">Unsaved changes</span> : null;
}
