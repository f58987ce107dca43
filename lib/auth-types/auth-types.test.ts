import { describe, expect, it } from "vitest";
import { getTableColumns } from "drizzle-orm";
import { authTypes, mcpServers, type McpServer } from "@/lib/db/schema";
import type { ServerTokenResult } from "@/lib/upstream/user-tokens";
import type { OidcTokenResult } from "@/lib/auth/oidc-tokens";
import { serverFieldsSchema } from "@/lib/server-input/schemas";
import { COMMON_FIELDS } from "@/lib/registry/server-config";
import { AUTH_TYPES } from "@/lib/auth-types";
import { AUTH_TYPE_DESCRIPTORS } from "@/lib/auth-types/descriptors";
import { readServerToken } from "@/lib/auth-types/oauth2";
import { readOidcToken } from "@/lib/auth-types/user-oidc";

const columns = Object.keys(getTableColumns(mcpServers));

/** Which owners (auth types, or "common") claim each name. */
function owners(claims: Array<[owner: string, names: readonly string[]]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [owner, names] of claims) for (const n of names) out.set(n, [...(out.get(n) ?? []), owner]);
  return out;
}

describe("the auth-type table", () => {
  it("has one strategy and one descriptor for every stored auth type, in menu order", () => {
    expect(Object.keys(AUTH_TYPES)).toEqual([...authTypes]);
    expect(Object.keys(AUTH_TYPE_DESCRIPTORS)).toEqual([...authTypes]);
    for (const t of authTypes) expect(AUTH_TYPES[t]).toMatchObject(AUTH_TYPE_DESCRIPTORS[t]);
  });

  it("gives every API field exactly one owner: all servers, or one auth type", () => {
    const byField = owners([
      ["common", COMMON_FIELDS],
      ...authTypes.map((t): [string, readonly string[]] => [t, AUTH_TYPES[t].inputFields]),
    ]);
    expect([...byField.keys()].sort()).toEqual(Object.keys(serverFieldsSchema.shape).sort());
    expect([...byField].filter(([, o]) => o.length > 1)).toEqual([]);
  });

  it("clears only real columns, none claimed by two types or common to all servers", () => {
    const byColumn = owners([
      ["common", COMMON_FIELDS],
      ...authTypes.map((t): [string, readonly string[]] => [t, Object.keys(AUTH_TYPES[t].clearedColumns)]),
    ]);
    expect([...byColumn.keys()].filter((c) => !columns.includes(c))).toEqual([]);
    expect([...byColumn].filter(([, o]) => o.length > 1)).toEqual([]);
  });

  it("clears every sealed column when a server leaves the type that owns it", () => {
    const sealed = columns.filter((c) => c.endsWith("Encrypted"));
    expect(sealed.length).toBeGreaterThan(0);
    for (const c of sealed) {
      const clearedBy = authTypes.filter((t) => c in AUTH_TYPES[t].clearedColumns);
      expect({ column: c, clearedBy }).toEqual({ column: c, clearedBy: [expect.any(String)] });
      expect(AUTH_TYPES[clearedBy[0]!].clearedColumns[c as keyof McpServer]).toBeNull();
    }
  });

  it.each(authTypes)("%s: an upstream 401 tells the caller who can fix it", (t) => {
    const message = AUTH_TYPES[t].unauthorizedMessage({ displayName: "Linear" }, (p) => `https://sb.example${p}`);
    expect(message).toMatch(/^Linear rejected .*\(HTTP 401\)/);
    const advice = {
      connected_account: "Reconnect Linear at https://sb.example/connections",
      sign_in: "Sign in to Switchboard again at https://sb.example/login",
      shared: "An admin needs to check this server's settings",
    }[AUTH_TYPES[t].credential];
    expect(message).toContain(advice);
  });

  it("shared credentials need nothing connected, and listing servers never opens their secrets", async () => {
    const unreadable = {
      apiKeyHeader: "X-K",
      apiKeyValueEncrypted: "v1.gone.xxxx",
      customHeadersEncrypted: "v1.gone.x",
    };
    for (const t of authTypes.filter((t) => AUTH_TYPES[t].credential === "shared")) {
      const server = { ...unreadable, authType: t, displayName: "S" } as McpServer;
      await expect(AUTH_TYPES[t].connection(undefined as never, { id: "u" }, server)).resolves.toEqual({
        connectionState: "not_required",
        authConnected: true,
      });
    }
  });
});

describe("a user's token: one reading gives both the credential and the connection state", () => {
  const server = { displayName: "Linear" };
  const ok = { accessToken: "at-1", expiresAt: null, refreshed: false };

  it.each<[ServerTokenResult, string, string | true]>([
    [{ status: "ok", ...ok }, "connected", true],
    [{ status: "not_connected" }, "not_connected", "not_connected"],
    [{ status: "needs_reconnect" }, "needs_reconnect", "needs_reconnect"],
    // Connected, but not usable right now: the Connections page must not ask for a reconnect.
    [{ status: "unavailable", message: "AS down." }, "connected", "unavailable"],
  ])("oauth2 %j → %s", (token, connectionState, credential) => {
    const reading = readServerToken(token, server);
    expect(reading.connectionState).toBe(connectionState);
    expect(reading.credentials.ok ? true : reading.credentials.state).toBe(credential);
  });

  it.each<[OidcTokenResult, string, string | true]>([
    [{ status: "ok", ...ok }, "connected", true],
    [{ status: "not_linked" }, "not_connected", "needs_oidc_sign_in"],
    [{ status: "needs_sign_in" }, "needs_reconnect", "needs_oidc_sign_in"],
    [{ status: "unavailable", message: "IdP down." }, "connected", "unavailable"],
  ])("user_oidc %j → %s", (token, connectionState, credential) => {
    const reading = readOidcToken(token, server);
    expect(reading.connectionState).toBe(connectionState);
    expect(reading.credentials.ok ? true : reading.credentials.state).toBe(credential);
  });

  it("sends the token as a bearer token", () => {
    expect(readServerToken({ status: "ok", ...ok }, server).credentials).toEqual({
      ok: true,
      headers: { Authorization: "Bearer at-1" },
    });
    expect(readOidcToken({ status: "ok", ...ok }, server).credentials).toEqual({
      ok: true,
      headers: { Authorization: "Bearer at-1" },
    });
  });
});
