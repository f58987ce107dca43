"use client";

import { useMutation } from "@tanstack/react-query";
import { serverMutations } from "@/lib/client/servers";
import { Badge, ErrorAlert } from "@/components/ui/feedback";

/** "Test connection": connects with the admin's own credentials and previews the tools clients will get. */
export function ConnectionTestPanel({ serverId }: { serverId: string }) {
  const test = useMutation(serverMutations.test());
  const result = test.data;
  return (
    <section className="card stack" aria-labelledby="test-heading">
      <div className="card-header">
        <h2 id="test-heading">Connection test</h2>
        <button type="button" className="btn" onClick={() => test.mutate(serverId)} disabled={test.isPending}>
          {test.isPending ? "Testing…" : "Test connection"}
        </button>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        Connects with your own credentials for this server and lists every tool, showing exactly what clients will get.
      </p>
      {test.isError && <ErrorAlert title="The test could not run." error={test.error} />}
      {result && !result.ok && (
        <div className="alert alert-error" role="alert" data-testid="test-failure">
          <span className="alert-title">Connection failed.</span> {result.reason}
        </div>
      )}
      {result?.ok && (
        <div className="stack" data-testid="test-success">
          <div className="alert alert-ok" role="status">
            <span className="alert-title">Connected</span> to{" "}
            <strong>
              {result.serverInfo ? `${result.serverInfo.name} ${result.serverInfo.version}` : "the server"}
            </strong>{" "}
            in {result.latencyMs} ms (protocol {result.protocolVersion ?? "unknown"}).{" "}
            {result.tools.filter((t) => t.exposed).length} of {result.tools.length} tools exposed.
          </div>
          <table aria-label="Tool preview" className="responsive">
            <thead>
              <tr>
                <th scope="col">Tool</th>
                <th scope="col">Exposed as</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {result.tools.map((t) => (
                <tr key={t.name}>
                  <td>
                    <code>{t.name}</code>
                    {t.description && <div className="cell-sub">{t.description}</div>}
                  </td>
                  <td data-label="Exposed as">
                    <code className="break">{t.exposedAs}</code>
                  </td>
                  <td data-label="Status">
                    {t.exposed ? <Badge tone="ok">Exposed</Badge> : <Badge tone="warn">Hidden: {t.reason}</Badge>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
