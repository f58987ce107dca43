"use client";

import { useState, type ReactNode } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/client/api";
import { availabilityLabels, serverKeys, type AdminServerDto } from "@/lib/client/servers";
import { Field } from "@/components/ui/field";
import { ErrorAlert } from "@/components/ui/feedback";
import { AuthFields } from "@/components/servers/auth-fields";
import { TagInput } from "@/components/servers/tag-input";
import { formBody, initialFormState, type ServerFormState } from "@/components/servers/server-form-state";

function Toggle({ label, hint, checked, onChange }: { label: ReactNode; hint?: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>
        {label}
        {hint && <span className="hint"> — {hint}</span>}
      </span>
    </label>
  );
}

/** Create (no server) or edit form. On edit only changed fields are sent, and secrets only when typed. */
export function ServerForm({ server, onSaved }: { server?: AdminServerDto; onSaved: (saved: AdminServerDto) => void }) {
  const qc = useQueryClient();
  const [initial, setInitial] = useState(() => (server ? initialFormState(server) : undefined));
  const [state, setState] = useState<ServerFormState>(() => initialFormState(server));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (patch: Partial<ServerFormState>) => setState((s) => ({ ...s, ...patch }));

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      server ? api<AdminServerDto>(`/api/servers/${server.id}`, { method: "PATCH", json: body }) : api<AdminServerDto>("/api/servers", { method: "POST", json: body }),
    onMutate: () => setErrors({}),
    onSuccess: (saved) => {
      qc.setQueryData(serverKeys.detail(saved.id), saved);
      void qc.invalidateQueries({ queryKey: serverKeys.all });
      const next = initialFormState(saved);
      setInitial(next);
      setState(next);
      onSaved(saved);
    },
    onError: (err) => setErrors(err instanceof ApiError && err.fields ? err.fields : {}),
  });

  const creating = !server;
  return (
    <form
      className="card stack"
      aria-label={creating ? "New server" : `Edit ${server.displayName}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(formBody(state, initial));
      }}
    >
      {save.isError && <ErrorAlert error={save.error} />}
      {save.isSuccess && !creating && (
        <div className="alert alert-ok" role="status">
          Saved.
        </div>
      )}

      <h2 style={{ margin: 0 }}>Server</h2>
      <div className="grid-2">
        <Field label="Display name" error={errors.displayName}>
          <input type="text" value={state.displayName} onChange={(e) => set({ displayName: e.target.value })} required maxLength={100} />
        </Field>
        <Field label="Slug" hint="Unique; lowercase letters, digits, hyphens. Namespaces tool names." error={errors.slug}>
          <input
            type="text"
            value={state.slug}
            onChange={(e) => set({ slug: e.target.value, ...(state.prefixTouched ? {} : { toolPrefix: e.target.value }) })}
            required
            maxLength={32}
          />
        </Field>
        <Field label="Server URL" hint="The MCP endpoint, e.g. https://mcp.example.com/mcp." error={errors.url}>
          <input type="url" value={state.url} onChange={(e) => set({ url: e.target.value })} required />
        </Field>
        <Field label="Transport" error={errors.transport}>
          <select value={state.transport} onChange={(e) => set({ transport: e.target.value as ServerFormState["transport"] })}>
            <option value="streamable_http">Streamable HTTP</option>
            <option value="sse">SSE (legacy)</option>
          </select>
        </Field>
        <Field label="Icon URL" hint="Optional image shown beside the name." error={errors.iconUrl}>
          <input type="url" value={state.iconUrl} onChange={(e) => set({ iconUrl: e.target.value })} />
        </Field>
        <Field label="Description" error={errors.description}>
          <input type="text" value={state.description} onChange={(e) => set({ description: e.target.value })} maxLength={2000} />
        </Field>
      </div>

      <h2 style={{ marginBottom: 0 }}>Authentication</h2>
      <Field label="Auth type" hint={server && state.authType !== server.authType ? "Changing the type clears the old type's settings and secrets." : undefined} error={errors.authType}>
        <select value={state.authType} onChange={(e) => set({ authType: e.target.value as ServerFormState["authType"] })}>
          <option value="none">None</option>
          <option value="oauth2">OAuth 2 (each user connects their account)</option>
          <option value="api_key">API key (shared)</option>
          <option value="custom_headers">Custom headers (shared)</option>
          <option value="user_oidc">Single sign-on token (the user&apos;s identity provider token)</option>
        </select>
      </Field>
      <AuthFields state={state} set={set} errors={errors} server={server} />

      <h2 style={{ marginBottom: 0 }}>Availability and behaviour</h2>
      <Field label="Availability" hint={availabilityLabels[state.availability].hint} error={errors.availability}>
        <select value={state.availability} onChange={(e) => set({ availability: e.target.value as ServerFormState["availability"] })}>
          {(Object.keys(availabilityLabels) as Array<ServerFormState["availability"]>).map((a) => (
            <option key={a} value={a}>
              {availabilityLabels[a].label}
            </option>
          ))}
        </select>
      </Field>
      <div className="stack" style={{ gap: "0.5rem" }}>
        <Toggle label="Enabled" hint="Users and clients see the server only when it is enabled." checked={state.enabled} onChange={(v) => set({ enabled: v })} />
        <Toggle
          label="Allow in plan mode (all tools of this server)"
          hint="Clients in plan mode get this server's tools; approve only read-only servers."
          checked={state.allowInPlanMode}
          onChange={(v) => set({ allowInPlanMode: v })}
        />
        <Toggle label="Model intent" hint="Tools ask the model to state why it calls them; the intent is audited." checked={state.modelIntent} onChange={(v) => set({ modelIntent: v })} />
        <Toggle
          label="Forward identity headers"
          hint="Send the caller's id, email and name, plus a signed X-Switchboard-Identity token."
          checked={state.forwardIdentityHeaders}
          onChange={(v) => set({ forwardIdentityHeaders: v })}
        />
      </div>

      <h2 style={{ marginBottom: 0 }}>Tools</h2>
      <div className="grid-2">
        <TagInput label="Tool allow list" hint="Exact tool names. Empty allows every tool." value={state.toolAllowList} onChange={(v) => set({ toolAllowList: v })} error={errors.toolAllowList} />
        <TagInput label="Tool deny list" hint="Exact tool names; the deny list wins." value={state.toolDenyList} onChange={(v) => set({ toolDenyList: v })} error={errors.toolDenyList} />
        <Field label="Tool prefix" hint="Tools are exposed as prefix__tool; empty exposes names unprefixed." error={errors.toolPrefix}>
          <input type="text" value={state.toolPrefix} onChange={(e) => set({ toolPrefix: e.target.value, prefixTouched: true })} maxLength={32} />
        </Field>
        <Field label="Call timeout (ms)" hint="Empty: the gateway default." error={errors.callTimeoutMs}>
          <input type="number" min={1000} max={600000} step={1000} value={state.callTimeoutMs} onChange={(e) => set({ callTimeoutMs: e.target.value })} />
        </Field>
      </div>

      <div className="row">
        <button className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? (creating && state.authType === "oauth2" && state.oauthMode === "discover" ? "Discovering…" : "Saving…") : creating ? "Create server" : "Save changes"}
        </button>
      </div>
    </form>
  );
}
