import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/http/body";
import { openSecret } from "@/lib/crypto/instance-secrets";
import { serverFieldsSchema } from "@/lib/server-input/schemas";
import { planServerWrite } from "@/lib/registry/server-config";
import type { McpServer } from "@/lib/db/schema";

const parse = (input: unknown) => {
  const r = serverFieldsSchema.safeParse(input);
  if (!r.success) return { ok: false as const, fields: fieldErrors(r.error) };
  return { ok: true as const, value: r.data };
};

const valid = (input: unknown) => {
  const r = parse(input);
  if (!r.ok) throw new Error(`unexpected field errors: ${JSON.stringify(r.fields)}`);
  return r.value;
};

const planErrors = (existing: McpServer | undefined, input: unknown): Record<string, string> => {
  try {
    planServerWrite(existing, valid(input));
  } catch (err) {
    if (err instanceof AppError) return err.fields ?? {};
    throw err;
  }
  return {};
};

const base = { displayName: "Linear", slug: "linear", url: "https://mcp.linear.app/mcp" };

/** A stored row as the database would hold it after planServerWrite's values were inserted. */
function stored(input: unknown): McpServer {
  const { values } = planServerWrite(undefined, valid(input));
  return {
    id: "00000000-0000-4000-8000-000000000001",
    description: "",
    iconUrl: null,
    transport: "streamable_http",
    authType: "none",
    oauth2ClientId: null,
    oauth2ClientSecretEncrypted: null,
    oauth2AuthUrl: null,
    oauth2TokenUrl: null,
    oauth2Scopes: null,
    oauth2Issuer: null,
    oauth2Resource: null,
    oauth2RevocationUrl: null,
    oauth2Registration: null,
    oauth2TokenEndpointAuthMethod: null,
    oauth2IssParameterSupported: false,
    skipIssuerMetadataValidation: false,
    apiKeyHeader: null,
    apiKeyValueEncrypted: null,
    customHeadersEncrypted: null,
    customHeaderNames: [],
    toolAllowList: [],
    toolDenyList: [],
    availability: "default_on",
    enabled: false,
    modelIntent: false,
    allowInPlanMode: false,
    forwardIdentityHeaders: false,
    callTimeoutMs: null,
    createdBy: null,
    updatedBy: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...values,
  } as McpServer;
}

describe("server input formats", () => {
  it("requires http(s) URLs, refuses credentials in them and cloud-metadata or link-local hosts", () => {
    expect(parse({ url: "ftp://example.com/mcp" })).toMatchObject({
      ok: false,
      fields: { url: expect.stringMatching(/http/) },
    });
    expect(parse({ url: "not a url" })).toMatchObject({ ok: false, fields: { url: expect.any(String) } });
    expect(parse({ url: "https://user:pw@example.com/mcp" })).toMatchObject({
      ok: false,
      fields: { url: expect.stringMatching(/credentials/) },
    });
    expect(parse({ url: "http://169.254.169.254/latest" })).toMatchObject({
      ok: false,
      fields: { url: expect.stringMatching(/Refused/) },
    });
    expect(parse({ url: "http://metadata.google.internal/x" })).toMatchObject({
      ok: false,
      fields: { url: expect.stringMatching(/metadata/) },
    });
    expect(parse({ url: "https://mcp.example.com/mcp#frag" })).toEqual({
      ok: true,
      value: { url: "https://mcp.example.com/mcp" },
    });
  });

  it("rejects unknown enum values, unknown fields and malformed slugs", () => {
    expect(parse({ authType: "basic" })).toMatchObject({
      ok: false,
      fields: { authType: expect.stringMatching(/none, oauth2/) },
    });
    expect(parse({ transport: "websocket" })).toMatchObject({ ok: false, fields: { transport: expect.any(String) } });
    expect(parse({ availability: "sometimes" })).toMatchObject({
      ok: false,
      fields: { availability: expect.any(String) },
    });
    expect(parse({ slug: "Has Spaces" })).toMatchObject({
      ok: false,
      fields: { slug: expect.stringMatching(/lowercase/) },
    });
    expect(parse({ slug: "x".repeat(33) })).toMatchObject({ ok: false });
    expect(parse({ hasApiKey: true })).toMatchObject({ ok: false });
    expect(parse({ toolAllowList: ["ok", "has space"] })).toMatchObject({
      ok: false,
      fields: { "toolAllowList.1": expect.any(String) },
    });
    expect(parse({ toolPrefix: "a__b" })).toMatchObject({ ok: false, fields: { toolPrefix: expect.any(String) } });
  });
});

describe("creating a server", () => {
  it("requires a name, a slug and a URL", () => {
    expect(planErrors(undefined, {})).toEqual({
      displayName: expect.any(String),
      slug: expect.any(String),
      url: expect.any(String),
    });
  });

  it("defaults the tool prefix to the slug, keeps an explicit empty prefix", () => {
    expect(planServerWrite(undefined, valid(base)).values.toolPrefix).toBe("linear");
    expect(planServerWrite(undefined, valid({ ...base, toolPrefix: "" })).values.toolPrefix).toBe("");
  });

  it("api_key needs a valid header name and a value, sealed at rest", () => {
    expect(planErrors(undefined, { ...base, authType: "api_key" })).toEqual({
      apiKeyHeader: expect.any(String),
      apiKeyValue: expect.any(String),
    });
    for (const header of [
      "Host",
      "content-length",
      "Connection",
      "Transfer-Encoding",
      "Upgrade",
      "Bad Header",
      "X-Switchboard-User-Id",
    ]) {
      expect(parse({ apiKeyHeader: header }).ok, header).toBe(false);
    }
    expect(parse({ apiKeyValue: "line\r\nbreak" }).ok).toBe(false);
    const plan = planServerWrite(
      undefined,
      valid({ ...base, authType: "api_key", apiKeyHeader: "X-API-Key", apiKeyValue: "k-secret-1" }),
    );
    expect(plan.values.apiKeyValueEncrypted).not.toContain("k-secret-1");
    expect(openSecret(plan.values.apiKeyValueEncrypted!)).toBe("k-secret-1");
    expect(plan.changed).toContain("apiKeyValue");
  });

  it("custom_headers needs at least one valid, distinct header", () => {
    expect(planErrors(undefined, { ...base, authType: "custom_headers" })).toEqual({
      customHeaders: expect.any(String),
    });
    expect(planErrors(undefined, { ...base, authType: "custom_headers", customHeaders: {} })).toEqual({
      customHeaders: expect.any(String),
    });
    expect(planErrors(undefined, { ...base, authType: "custom_headers", customHeaders: { Host: "x" } })).toEqual({
      "customHeaders.Host": expect.stringMatching(/cannot be configured/),
    });
    expect(
      planErrors(undefined, { ...base, authType: "custom_headers", customHeaders: { "X-A": "1", "x-a": "2" } }),
    ).toEqual({ "customHeaders.x-a": expect.stringMatching(/twice/) });
    const plan = planServerWrite(
      undefined,
      valid({ ...base, authType: "custom_headers", customHeaders: { "X-Tenant": "t1", "X-Secret": "s1" } }),
    );
    expect(plan.values.customHeaderNames).toEqual(["X-Tenant", "X-Secret"]);
    expect(JSON.parse(openSecret(plan.values.customHeadersEncrypted!))).toEqual({ "X-Tenant": "t1", "X-Secret": "s1" });
  });

  it("oauth2: all three manual fields or none; none means discovery; the message names both options", () => {
    const partial = planErrors(undefined, { ...base, authType: "oauth2", oauth2ClientId: "abc" });
    expect(Object.keys(partial).sort()).toEqual(["oauth2AuthUrl", "oauth2TokenUrl"]);
    expect(partial.oauth2AuthUrl).toMatch(/manually.*discover them automatically/);
    expect(planServerWrite(undefined, valid({ ...base, authType: "oauth2" })).discover).toBe(true);
    const manual = planServerWrite(
      undefined,
      valid({
        ...base,
        authType: "oauth2",
        oauth2ClientId: "abc",
        oauth2AuthUrl: "https://as.example.com/authorize",
        oauth2TokenUrl: "https://as.example.com/token",
        oauth2ClientSecret: "cs-1",
      }),
    );
    expect(manual.discover).toBe(false);
    expect(manual.values.oauth2Registration).toBe("manual");
    expect(openSecret(manual.values.oauth2ClientSecretEncrypted!)).toBe("cs-1");
  });

  it("refuses fields that belong to another auth type", () => {
    expect(planErrors(undefined, { ...base, authType: "none", apiKeyValue: "x" })).toEqual({
      apiKeyValue: expect.stringMatching(/api_key/),
    });
    expect(
      planErrors(undefined, {
        ...base,
        authType: "api_key",
        apiKeyHeader: "X-K",
        apiKeyValue: "v",
        oauth2ClientId: "c",
      }),
    ).toEqual({
      oauth2ClientId: expect.stringMatching(/oauth2/),
    });
  });
});

describe("editing a server", () => {
  const apiKeyServer = () => stored({ ...base, authType: "api_key", apiKeyHeader: "X-API-Key", apiKeyValue: "k-old" });

  it("changes only the fields sent and keeps a secret that is not sent", () => {
    const row = apiKeyServer();
    const plan = planServerWrite(row, valid({ description: "New words" }));
    expect(plan.values).toEqual({ description: "New words" });
    expect(plan.changed).toEqual(["description"]);
    expect(planServerWrite(row, valid({ displayName: "Linear" })).changed).toEqual([]);
  });

  it("replaces a secret only when a new value is sent, and refuses to clear a required one", () => {
    const row = apiKeyServer();
    const plan = planServerWrite(row, valid({ apiKeyValue: "k-new" }));
    expect(openSecret(plan.values.apiKeyValueEncrypted!)).toBe("k-new");
    expect(planErrors(row, { apiKeyValue: null })).toEqual({ apiKeyValue: expect.any(String) });
  });

  it("changing the auth type clears every field of the previous type, secrets included", () => {
    const row = apiKeyServer();
    expect(planErrors(row, { authType: "custom_headers" })).toEqual({ customHeaders: expect.any(String) });
    const plan = planServerWrite(row, valid({ authType: "custom_headers", customHeaders: { "X-Tenant": "t" } }));
    expect(plan.values).toMatchObject({ authType: "custom_headers", apiKeyHeader: null, apiKeyValueEncrypted: null });
    expect(plan.cleared).toEqual(["apiKeyHeader", "apiKeyValue"]);
    const oauth = stored({
      ...base,
      authType: "oauth2",
      oauth2ClientId: "c",
      oauth2AuthUrl: "https://a.example/authorize",
      oauth2TokenUrl: "https://a.example/token",
      oauth2ClientSecret: "s",
    });
    const toNone = planServerWrite(oauth, valid({ authType: "none" }));
    expect(toNone.values).toMatchObject({
      oauth2ClientId: null,
      oauth2ClientSecretEncrypted: null,
      oauth2AuthUrl: null,
      oauth2TokenUrl: null,
      oauth2Registration: null,
    });
    expect(toNone.dropUserTokens).toBe(true);
  });

  it("custom headers: a null value keeps that header's stored value; unknown names need one", () => {
    const row = stored({ ...base, authType: "custom_headers", customHeaders: { "X-Tenant": "t1", "X-Secret": "s1" } });
    const plan = planServerWrite(row, valid({ customHeaders: { "X-Tenant": "t2", "X-Secret": null } }));
    expect(JSON.parse(openSecret(plan.values.customHeadersEncrypted!))).toEqual({ "X-Tenant": "t2", "X-Secret": "s1" });
    expect(planErrors(row, { customHeaders: { "X-New": null } })).toEqual({
      "customHeaders.X-New": expect.any(String),
    });
  });

  it("the tool prefix follows the slug until an admin chooses another prefix", () => {
    const row = stored(base);
    expect(planServerWrite(row, valid({ slug: "linear-2" })).values).toMatchObject({
      slug: "linear-2",
      toolPrefix: "linear-2",
    });
    const custom = { ...row, toolPrefix: "lin" };
    expect(planServerWrite(custom, valid({ slug: "linear-2" })).values.toolPrefix).toBeUndefined();
  });

  it("oauth2: clearing the manual client asks for discovery; changing it marks the configuration manual and drops user tokens", () => {
    const row = stored({
      ...base,
      authType: "oauth2",
      oauth2ClientId: "c",
      oauth2AuthUrl: "https://a.example/authorize",
      oauth2TokenUrl: "https://a.example/token",
    });
    expect(
      planServerWrite(row, valid({ oauth2ClientId: null, oauth2AuthUrl: null, oauth2TokenUrl: null })).discover,
    ).toBe(true);
    expect(planErrors(row, { oauth2ClientId: null })).toMatchObject({ oauth2ClientId: expect.any(String) });
    const changed = planServerWrite(row, valid({ oauth2ClientId: "c2" }));
    expect(changed).toMatchObject({
      discover: false,
      dropUserTokens: true,
      values: { oauth2ClientId: "c2", oauth2Registration: "manual" },
    });
  });

  it("oauth2: moving the server to another URL drops users' tokens (issued for the old resource) and redoes discovery it did", () => {
    const manual = stored({
      ...base,
      authType: "oauth2",
      oauth2ClientId: "c",
      oauth2AuthUrl: "https://a.example/authorize",
      oauth2TokenUrl: "https://a.example/token",
    });
    expect(planServerWrite(manual, valid({ url: "https://other.example/mcp" }))).toMatchObject({
      discover: false,
      dropUserTokens: true,
      changed: ["url"],
    });
    const discovered = {
      ...manual,
      oauth2Registration: "dynamic",
      oauth2Issuer: "https://a.example",
      oauth2Resource: "https://mcp.linear.app/mcp",
    } as McpServer;
    expect(planServerWrite(discovered, valid({ url: "https://other.example/mcp" }))).toMatchObject({
      discover: true,
      dropUserTokens: true,
    });
    // The same URL sent again, or another field, changes nothing about the connections.
    expect(planServerWrite(discovered, valid({ url: base.url, displayName: "Linear 2" }))).toMatchObject({
      discover: false,
      dropUserTokens: false,
    });
    // Other auth types hold no per-user tokens.
    const keyed = stored({ ...base, authType: "api_key", apiKeyHeader: "X-K", apiKeyValue: "v" });
    expect(planServerWrite(keyed, valid({ url: "https://other.example/mcp" }))).toMatchObject({
      discover: false,
      dropUserTokens: false,
    });
  });
});
