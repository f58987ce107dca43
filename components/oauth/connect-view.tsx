import Link from "next/link";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";

export interface ClientSnippet {
  id: string;
  title: string;
  where: string;
  code: string;
}

/** Ready-to-paste configurations: each MCP client needs nothing but the URL, and discovers sign-in itself. */
export function clientSnippets(mcpUrl: string): ClientSnippet[] {
  const url = new URL(mcpUrl);
  const insecure = url.protocol === "http:" && !["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  const json = (v: unknown) => JSON.stringify(v, null, 2);
  return [
    {
      id: "claude-desktop",
      title: "Claude Desktop",
      where: "Settings → Developer → Edit Config (claude_desktop_config.json), through the mcp-remote bridge:",
      code: json({
        mcpServers: {
          switchboard: { command: "npx", args: ["-y", "mcp-remote", mcpUrl, ...(insecure ? ["--allow-http"] : [])] },
        },
      }),
    },
    {
      id: "cursor",
      title: "Cursor",
      where: "~/.cursor/mcp.json (or .cursor/mcp.json in a project):",
      code: json({ mcpServers: { switchboard: { url: mcpUrl } } }),
    },
    {
      id: "vscode",
      title: "VS Code",
      where: ".vscode/mcp.json in your workspace (or “MCP: Add Server…” → HTTP):",
      code: json({ servers: { switchboard: { type: "http", url: mcpUrl } } }),
    },
    {
      id: "raw",
      title: "Any client, with a personal access token",
      where: "For clients without OAuth support: create a token under Tokens and send it as a header.",
      code: json({
        mcpServers: { switchboard: { url: mcpUrl, headers: { Authorization: "Bearer <your personal access token>" } } },
      }),
    },
    {
      id: "curl",
      title: "curl",
      where: "List your tools from a shell (SWITCHBOARD_TOKEN holds a personal access token):",
      code: [
        `curl -sS ${mcpUrl} \\`,
        `  -H "Authorization: Bearer $SWITCHBOARD_TOKEN" \\`,
        `  -H "Content-Type: application/json" \\`,
        `  -H "Accept: application/json, text/event-stream" \\`,
        `  -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'`,
      ].join("\n"),
    },
  ];
}

export function ConnectView({ mcpUrl }: { mcpUrl: string }) {
  return (
    <>
      <PageHeader
        title="Connect a client"
        description={
          <>
            Point any MCP client at this one URL. It signs you in through Switchboard (OAuth) and you approve it once;
            you can revoke it later under <Link href="/apps">Authorized apps</Link>.
          </>
        }
      />
      <div className="stack">
        <section className="card stack" aria-labelledby="mcp-url">
          <h2 id="mcp-url" style={{ margin: 0 }}>
            MCP URL
          </h2>
          <div className="secret-once">
            <code data-testid="mcp-url">{mcpUrl}</code>
            <CopyButton value={mcpUrl} what="MCP URL" />
          </div>
          <p className="muted small" style={{ margin: 0 }}>
            Clients that cannot sign in with OAuth can send a <Link href="/tokens">personal access token</Link> instead.
          </p>
        </section>
        {clientSnippets(mcpUrl).map((s) => (
          <section key={s.id} className="card stack" aria-labelledby={`snippet-${s.id}-title`}>
            <div className="card-header">
              <h2 id={`snippet-${s.id}-title`}>{s.title}</h2>
              <CopyButton value={s.code} what={`${s.title} configuration`} />
            </div>
            <p className="muted" style={{ margin: 0 }}>
              {s.where}
            </p>
            <pre className="code" data-testid={`snippet-${s.id}`}>
              {s.code}
            </pre>
          </section>
        ))}
      </div>
    </>
  );
}
