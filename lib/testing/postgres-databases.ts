// Fresh databases on the test PostgreSQL server. Free of vitest, so Playwright specs can use it too.
import { randomBytes } from "node:crypto";
import postgres from "postgres";

/**
 * Creates an empty database on the TEST_DATABASE_URL server (or `server`); returns its URL and a function that
 * drops it. Tests may read TEST_DATABASE_URL directly: it is test-runner configuration, not app configuration.
 */
export async function createPostgresDatabase(
  server = process.env.TEST_DATABASE_URL,
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!server) throw new Error("TEST_DATABASE_URL is not set");
  const name = `sb_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(server, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}
