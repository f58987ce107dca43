import { describe, expect, it } from "vitest";
import { mcpCorsHeaders, originOrHostRejection, protectMcpRequest } from "@/lib/oauth-server/protect";

// Read once, on first use, by this file's process.
process.env.SWITCHBOARD_ALLOWED_ORIGINS = "https://inspector.example.com";
process.env.SWITCHBOARD_ALLOWED_HOSTS = "switchboard.internal";

const mcp = (headers: Partial<Record<string, string>>) =>
  new Request("http://localhost:3999/api/mcp", {
    method: "POST",
    headers: { host: "localhost:3999", ...(headers as Record<string, string>) },
    body: "{}",
  });

describe("/api/mcp origin and host checks (before authentication)", () => {
  it.each([
    {},
    { origin: "http://localhost:3999" },
    { origin: "https://inspector.example.com" },
    { host: "switchboard.internal:8080" },
  ])("lets %j through", (headers) => {
    expect(originOrHostRejection(mcp(headers))).toBeUndefined();
  });

  it.each([
    { origin: "https://evil.example" },
    { origin: "http://localhost:4000" },
    { origin: "https://localhost:3999" },
    { origin: "http://inspector.example.com" },
    { origin: "null" },
    { origin: "not a url" },
    { host: "evil.example" },
    { host: "rebound.attacker.example:3999" },
  ])("refuses %j with 403", async (headers) => {
    const res = originOrHostRejection(mcp(headers));
    expect(res?.status).toBe(403);
  });

  it("answers CORS only for allowed origins", () => {
    expect(mcpCorsHeaders(mcp({ origin: "https://inspector.example.com" }))["access-control-allow-origin"]).toBe(
      "https://inspector.example.com",
    );
    expect(mcpCorsHeaders(mcp({ origin: "https://evil.example" }))).toEqual({});
  });

  it("refuses a bad origin even when the bearer token would be fine, without looking at it", async () => {
    const res = await protectMcpRequest(
      mcp({ origin: "https://evil.example", authorization: "Bearer sb_pat_whatever" }),
    );
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBe(403);
    expect((res as Response).headers.get("www-authenticate")).toBeNull();
  });
});

describe("/api/mcp bearer challenge", () => {
  it("without credentials: 401 naming the metadata and scope, and no error code (RFC 6750 §3.1)", async () => {
    const res = (await protectMcpRequest(mcp({}))) as Response;
    expect(res.status).toBe(401);
    const challenge = res.headers.get("www-authenticate")!;
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain(
      'resource_metadata="http://localhost:3999/.well-known/oauth-protected-resource/api/mcp"',
    );
    expect(challenge).toContain('scope="mcp:tools"');
    expect(challenge).not.toContain("error=");
  });

  it("with a bad token: 401 with error=invalid_token", async () => {
    for (const authorization of [
      "Bearer garbage",
      "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
      "Basic dXNlcjpwdw==",
    ]) {
      const res = (await protectMcpRequest(mcp({ authorization }))) as Response;
      expect(res.status).toBe(401);
      const challenge = res.headers.get("www-authenticate")!;
      expect(challenge).toContain('error="invalid_token"');
      expect(challenge).toContain(
        'resource_metadata="http://localhost:3999/.well-known/oauth-protected-resource/api/mcp"',
      );
    }
  });
});
