"use client";

import type { ReactNode } from "react";
import { CheckField, Field } from "@/components/ui/field";
import { CopyButton } from "@/components/ui/copy-button";
import type { AdminServerDto } from "@/lib/client/servers";
import type { AuthType } from "@/lib/auth-types/descriptors";
import { newHeaderRow, type ServerFormState } from "@/components/servers/server-form-state";

type Props = {
  state: ServerFormState;
  set: (patch: Partial<ServerFormState>) => void;
  errors: Record<string, string>;
  server?: AdminServerDto;
  /** Rendered under the discovered OAuth client's facts. */
  extras?: ReactNode;
  /** This server's OAuth redirect URI (absent while creating: the id does not exist yet). */
  callbackUrl?: string;
};

const KEEP = "Set — leave blank to keep";

type FieldsProps = Props & { sameType: boolean };

/** Each auth type's own fields (other types' fields are not shown and not sent). */
const FIELDS_BY_TYPE: Record<AuthType, (p: FieldsProps) => ReactNode> = {
  none: () => (
    <p className="muted" style={{ margin: 0 }}>
      Switchboard sends no credentials to this server.
    </p>
  ),
  user_oidc: () => (
    <p className="muted" style={{ margin: 0 }}>
      Each user&apos;s access token from the identity provider they signed in with is sent as{" "}
      <code>Authorization: Bearer …</code> (refreshed as needed). Users who signed in with a password cannot use this
      server.
    </p>
  ),
  api_key: ({ state, set, errors, server, sameType }) => (
    <div className="grid-2">
      <Field
        label="Header name"
        hint="The header that carries the key, e.g. X-API-Key or Authorization."
        error={errors.apiKeyHeader}
      >
        <input
          type="text"
          value={state.apiKeyHeader}
          onChange={(e) => set({ apiKeyHeader: e.target.value })}
          autoComplete="off"
        />
      </Field>
      <Field
        label="API key"
        hint={
          sameType && server?.hasApiKey
            ? "A key is stored; type a new one only to replace it."
            : "Stored encrypted; never shown again."
        }
        error={errors.apiKeyValue}
      >
        <input
          type="password"
          value={state.apiKeyValue}
          placeholder={sameType && server?.hasApiKey ? KEEP : ""}
          onChange={(e) => set({ apiKeyValue: e.target.value })}
          autoComplete="new-password"
        />
      </Field>
    </div>
  ),
  custom_headers: ({ state, set, errors, sameType }) => (
    <fieldset className="stack">
      <legend>Headers sent with every request</legend>
      <span className="hint">
        Values are stored encrypted and never shown again.
        {sameType &&
          state.customHeaders.some((r) => r.stored) &&
          " Saved header names are fixed: remove a header and add it again to rename it."}
      </span>
      {errors.customHeaders && (
        <span className="error" role="alert">
          {errors.customHeaders}
        </span>
      )}
      {state.customHeaders.map((row, i) => {
        const update = (patch: Partial<typeof row>) =>
          set({ customHeaders: state.customHeaders.map((r) => (r.key === row.key ? { ...r, ...patch } : r)) });
        const stored = sameType && row.stored;
        return (
          <div key={row.key} className="row" style={{ alignItems: "flex-end" }}>
            <div style={{ flex: "1 1 200px" }}>
              <Field label={`Header ${i + 1} name`} error={errors[`customHeaders.${row.name}`]}>
                <input
                  type="text"
                  value={row.name}
                  readOnly={stored}
                  onChange={(e) => update({ name: e.target.value })}
                  autoComplete="off"
                />
              </Field>
            </div>
            <div style={{ flex: "2 1 260px" }}>
              <Field label={`Header ${i + 1} value`}>
                <input
                  type="password"
                  value={row.value}
                  placeholder={stored ? KEEP : ""}
                  onChange={(e) => update({ value: e.target.value })}
                  autoComplete="new-password"
                />
              </Field>
            </div>
            <button
              type="button"
              className="btn"
              aria-label={`Remove header ${i + 1}`}
              onClick={() => set({ customHeaders: state.customHeaders.filter((r) => r.key !== row.key) })}
            >
              Remove
            </button>
          </div>
        );
      })}
      <div>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => set({ customHeaders: [...state.customHeaders, newHeaderRow()] })}
        >
          Add header
        </button>
      </div>
    </fieldset>
  ),
  oauth2: ({ state, set, errors, server, extras, callbackUrl, sameType }) => (
    <div className="stack">
      <fieldset className="row" style={{ gap: "0.5rem 1.5rem" }}>
        <legend>OAuth client</legend>
        <label className="check">
          <input
            type="radio"
            name="oauthMode"
            checked={state.oauthMode === "discover"}
            onChange={() => set({ oauthMode: "discover" })}
          />
          Discover automatically
        </label>
        <label className="check">
          <input
            type="radio"
            name="oauthMode"
            checked={state.oauthMode === "manual"}
            onChange={() => set({ oauthMode: "manual" })}
          />
          Enter manually
        </label>
      </fieldset>
      {state.oauthMode === "discover" ? (
        <>
          <p className="muted" style={{ margin: 0 }}>
            Switchboard reads the server&apos;s protected-resource metadata, finds its authorization server and
            registers itself there with the callback URL of this server.
          </p>
          {sameType && server?.oauth2Registration && server.oauth2Registration !== "manual" && (
            <div
              className="card stack"
              style={{ background: "var(--surface-2)", boxShadow: "none", padding: "0.85rem 1rem", gap: "0.6rem" }}
            >
              <dl className="facts">
                <dt>Authorization server</dt>
                <dd>
                  <code>{server.oauth2Issuer}</code>
                </dd>
                <dt>Client ID</dt>
                <dd>
                  <code>{server.oauth2ClientId}</code>{" "}
                  <span className="muted">
                    ({server.oauth2Registration === "dynamic" ? "dynamic registration" : "client-ID metadata document"})
                  </span>
                </dd>
              </dl>
              {extras}
            </div>
          )}
          <CheckField
            label="Skip issuer metadata validation"
            hint="Only for authorization servers known to publish a mismatched issuer."
            checked={state.skipIssuerMetadataValidation}
            onChange={(v) => set({ skipIssuerMetadataValidation: v })}
          />
        </>
      ) : (
        <div className="grid-2 grid-pairs">
          <div className="span-all stack" style={{ gap: "0.35rem" }}>
            <span className="hint">
              {callbackUrl
                ? "Register this redirect URI with the provider's OAuth app:"
                : "Once the server is created, its page shows the redirect URI to register with the provider's OAuth app."}
            </span>
            {callbackUrl && (
              <div className="secret-once">
                <code data-testid="oauth-callback-url">{callbackUrl}</code>
                <CopyButton value={callbackUrl} what="redirect URI" />
              </div>
            )}
          </div>
          <Field label="Client ID" error={errors.oauth2ClientId}>
            <input
              type="text"
              value={state.oauth2ClientId}
              onChange={(e) => set({ oauth2ClientId: e.target.value })}
              autoComplete="off"
            />
          </Field>
          <Field label="Client secret" hint="Optional; public clients have none." error={errors.oauth2ClientSecret}>
            <input
              type="password"
              value={state.oauth2ClientSecret}
              placeholder={sameType && server?.hasOAuth2Secret ? KEEP : ""}
              onChange={(e) => set({ oauth2ClientSecret: e.target.value })}
              autoComplete="new-password"
            />
          </Field>
          <Field label="Authorization URL" error={errors.oauth2AuthUrl}>
            <input type="url" value={state.oauth2AuthUrl} onChange={(e) => set({ oauth2AuthUrl: e.target.value })} />
          </Field>
          <Field label="Token URL" error={errors.oauth2TokenUrl}>
            <input type="url" value={state.oauth2TokenUrl} onChange={(e) => set({ oauth2TokenUrl: e.target.value })} />
          </Field>
        </div>
      )}
      <Field
        label="Scopes"
        hint="Space-separated. Empty: the scopes the server advertises."
        error={errors.oauth2Scopes}
      >
        <input type="text" value={state.oauth2Scopes} onChange={(e) => set({ oauth2Scopes: e.target.value })} />
      </Field>
    </div>
  ),
};

/** The fields of the selected auth type. */
export function AuthFields(props: Props) {
  return FIELDS_BY_TYPE[props.state.authType]({ ...props, sameType: props.server?.authType === props.state.authType });
}
