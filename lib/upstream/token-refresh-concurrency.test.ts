import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase, openTestDatabase } from "@/lib/testing/databases";
import { createTestUser, sessionPrincipal } from "@/lib/testing/actors";
import { connectUser } from "@/lib/testing/connect-flow";
import { startOAuthUpstream, type OAuthUpstream } from "@/e2e/fixtures/upstreams/oauth-upstream";
import { openDatabase, type DbHandle } from "@/lib/db/connect";
import { serverFieldsSchema } from "@/lib/server-input/schemas";
import { createServer } from "@/lib/registry/servers";
import { getUserToken, updateUserToken } from "@/lib/db/queries/mcp-server-user-tokens";
import { openSecret } from "@/lib/crypto/instance-secrets";
import { resolveUpstreamCredentials } from "@/lib/auth-types/credentials";
import type { McpServer, User } from "@/lib/db/schema";

let upstream: OAuthUpstream;
beforeAll(async () => {
  upstream = await startOAuthUpstream({ name: "concurrency" });
});
afterAll(async () => {
  await upstream?.close();
});

const refreshGrants = () => upstream.stats().grants.refresh_token ?? 0;

async function connectedExpiredUser(handle: DbHandle): Promise<{ user: User; server: McpServer }> {
  const admin = await createTestUser(handle.db, "admin");
  const user = await createTestUser(handle.db, "member");
  const server = await createServer(
    handle,
    sessionPrincipal(admin),
    serverFieldsSchema.parse({
      displayName: "Busy",
      slug: `busy-${Math.random().toString(36).slice(2, 8)}`,
      url: upstream.mcpUrl,
      authType: "oauth2",
      enabled: true,
    }),
  );
  await connectUser(handle, user, server);
  const row = (await getUserToken(handle.db, server.id, user.id))!;
  await updateUserToken(
    handle.db,
    row.id,
    { expiresAt: new Date(Date.now() - 1000) },
    new Date(Date.now() - 3_600_000),
  );
  return { user, server };
}

/** A second app instance in its own process; resolves its results once "go" is sent. */
async function startWorker(url: string, server: McpServer, user: User, count: number) {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(process.cwd(), "lib/testing/refresh-worker.ts")],
    {
      env: {
        ...process.env,
        WORKER_DATABASE_URL: url,
        WORKER_SERVER_ID: server.id,
        WORKER_USER_ID: user.id,
        WORKER_COUNT: String(count),
      },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let out = "";
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("WORKER READY")) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${out}`)));
  });
  const result = new Promise<string[]>((resolve, reject) => {
    child.once("exit", () => {
      const m = /WORKER RESULT (.+)/.exec(out);
      if (m) resolve(JSON.parse(m[1]!) as string[]);
      else reject(new Error(`worker failed:\n${out}`));
    });
  });
  await ready;
  return { go: () => child.stdin.end("go\n"), result };
}

describe("token refresh under concurrency", () => {
  it("PGlite: 50 simultaneous credential requests refresh once", async () => {
    const handle = await openTestDatabase("pglite");
    try {
      const { user, server } = await connectedExpiredUser(handle);
      const before = refreshGrants();
      const results = await Promise.all(
        Array.from({ length: 50 }, () => resolveUpstreamCredentials(handle, user, server)),
      );
      expect(refreshGrants() - before).toBe(1);
      const auth = new Set(results.map((r) => (r.ok ? r.headers.Authorization : "failed")));
      const stored = openSecret((await getUserToken(handle.db, server.id, user.id))!.accessTokenEncrypted);
      expect([...auth]).toEqual([`Bearer ${stored}`]);
    } finally {
      await handle.close();
    }
  });

  if (process.env.TEST_DATABASE_URL) {
    it("PostgreSQL: 50 simultaneous requests from two handles and a second process refresh exactly once", async () => {
      const created = await createPostgresDatabase();
      const h1 = await openDatabase({ kind: "postgres", url: created.url, max: 10 });
      const h2 = await openDatabase({ kind: "postgres", url: created.url, max: 10 });
      try {
        const { user, server } = await connectedExpiredUser(h1);
        const worker = await startWorker(created.url, server, user, 20);
        const before = refreshGrants();
        worker.go();
        const local = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            resolveUpstreamCredentials(i % 2 ? h1 : h2, user, server).then((r) =>
              r.ok ? r.headers.Authorization : `failed:${r.state}`,
            ),
          ),
        );
        const remote = await worker.result;
        expect(refreshGrants() - before).toBe(1);
        const stored = openSecret((await getUserToken(h2.db, server.id, user.id))!.accessTokenEncrypted);
        expect(new Set([...local, ...remote])).toEqual(new Set([`Bearer ${stored}`]));
        expect(local.length + remote.length).toBe(50);
      } finally {
        await h1.close();
        await h2.close();
        await created.drop();
      }
    });
  }
});
