import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startOAuthUpstream,
  type OAuthUpstream,
  type OAuthUpstreamOptions,
} from "@/e2e/fixtures/upstreams/oauth-upstream";
import { startToolsServer, type ToolsServer } from "@/e2e/fixtures/upstreams/tools-server";
import { DiscoveryError, discoverAndRegister, type DiscoveryInput } from "@/lib/upstream/oauth-discovery";

const variants = {
  standard: {},
  noChallengeMetadata: { challengeWithMetadata: false },
  rootMetadataOnly: { resourceMetadata: "root", challengeWithMetadata: false },
  confidentialOnly: { publicClients: false },
  noMetadata: { resourceMetadata: "none" },
  noRegistration: { registration: false },
  noS256: { advertiseS256: false },
  asUnreachable: { unreachableAuthorizationServer: true },
  misreportedIssuer: { misreportIssuer: true },
  clientIdMetadataDocuments: { advertiseClientIdMetadataDocuments: true },
} satisfies Record<string, OAuthUpstreamOptions>;

const upstreams = {} as Record<keyof typeof variants, OAuthUpstream>;
let plain: ToolsServer;

beforeAll(async () => {
  for (const [name, opts] of Object.entries(variants))
    upstreams[name as keyof typeof variants] = await startOAuthUpstream({ ...opts, name });
  plain = await startToolsServer();
});
afterAll(async () => {
  await Promise.all([...Object.values(upstreams).map((u) => u.close()), plain?.close()]);
});

const request = (serverUrl: string, extra: Partial<DiscoveryInput> = {}): DiscoveryInput => ({
  serverUrl,
  transport: "streamable_http",
  callbackUrl: "http://localhost:3999/api/servers/00000000-0000-4000-8000-000000000001/oauth2/callback",
  clientMetadataUrl: "http://localhost:3999/api/servers/00000000-0000-4000-8000-000000000001/oauth2/client-metadata",
  scopes: null,
  skipIssuerMetadataValidation: false,
  ...extra,
});

async function failedStep(input: DiscoveryInput): Promise<{ step: string; message: string }> {
  try {
    await discoverAndRegister(input);
  } catch (err) {
    if (err instanceof DiscoveryError) return { step: err.step, message: err.message };
    throw err;
  }
  throw new Error("discovery unexpectedly succeeded");
}

describe("OAuth discovery and registration against a real authorization server", () => {
  it("follows the 401 challenge to path-aware metadata and registers a public client with our callback", async () => {
    const u = upstreams.standard;
    const before = u.stats().registrations;
    const result = await discoverAndRegister(request(u.mcpUrl));
    expect(result).toMatchObject({
      issuer: u.issuer,
      resource: u.mcpUrl,
      scopes: "mcp:tools",
      registration: "dynamic",
      tokenEndpointAuthMethod: "none",
      clientSecret: null,
      issParameterSupported: true,
    });
    expect(u.stats().registrations).toBe(before + 1);
  });

  it("finds path-aware metadata without a challenge, and root metadata when only that exists", async () => {
    expect((await discoverAndRegister(request(upstreams.noChallengeMetadata.mcpUrl))).issuer).toBe(
      upstreams.noChallengeMetadata.issuer,
    );
    expect((await discoverAndRegister(request(upstreams.rootMetadataOnly.mcpUrl))).issuer).toBe(
      upstreams.rootMetadataOnly.issuer,
    );
  });

  it("registers a confidential client when the server accepts no public clients", async () => {
    const result = await discoverAndRegister(request(upstreams.confidentialOnly.mcpUrl, { scopes: "mcp:tools" }));
    expect(result.tokenEndpointAuthMethod).toBe("client_secret_basic");
    expect(result.clientSecret).toMatch(/\S{16,}/);
  });

  it("names the failing step and the manual alternative", async () => {
    const cases: Array<[DiscoveryInput, string, RegExp]> = [
      [request(upstreams.noMetadata.mcpUrl), "resource_metadata", /protected-resource metadata/],
      [request(plain.mcpUrl), "resource_metadata", /protected-resource metadata/],
      [request(upstreams.noRegistration.mcpUrl), "registration", /no dynamic client registration/],
      [request(upstreams.noS256.mcpUrl), "pkce", /S256/],
      [request(upstreams.asUnreachable.mcpUrl), "authorization_server_metadata", /127\.0\.0\.1:1/],
      [request("http://127.0.0.1:1/mcp"), "server", /could not be reached|Could not reach/],
      [request(upstreams.misreportedIssuer.mcpUrl), "authorization_server_metadata", /Skip issuer metadata validation/],
    ];
    for (const [input, step, message] of cases) {
      const failure = await failedStep(input);
      expect(failure.step, input.serverUrl).toBe(step);
      expect(failure.message).toMatch(message);
      expect(failure.message).toMatch(/enter the client ID, client secret, authorization URL and token URL manually/);
    }
  });

  it("skipIssuerMetadataValidation accepts an authorization server that misreports its issuer", async () => {
    const result = await discoverAndRegister(
      request(upstreams.misreportedIssuer.mcpUrl, { skipIssuerMetadataValidation: true }),
    );
    expect(result.issuer).toBe(`${upstreams.misreportedIssuer.issuer}/misreported`);
  });

  it("refuses loopback upstreams when private addresses are denied (SWITCHBOARD_UPSTREAM_DENY_PRIVATE)", async () => {
    const failure = await failedStep(request(upstreams.standard.mcpUrl, { denyPrivate: true }));
    expect(failure.step).toBe("server");
    expect(failure.message).toMatch(/Refused/);
  });

  it("uses a client-ID metadata document when the server supports them and our URL is https, else registers", async () => {
    const u = upstreams.clientIdMetadataDocuments;
    const before = u.stats().registrations;
    const cimd = "https://switchboard.example.com/api/servers/x/oauth2/client-metadata";
    expect(await discoverAndRegister(request(u.mcpUrl, { clientMetadataUrl: cimd }))).toMatchObject({
      registration: "metadata_document",
      clientId: cimd,
      tokenEndpointAuthMethod: "none",
    });
    expect(u.stats().registrations).toBe(before);
    expect((await discoverAndRegister(request(u.mcpUrl))).registration).toBe("dynamic");
    expect(
      (await discoverAndRegister(request(upstreams.standard.mcpUrl, { clientMetadataUrl: cimd }))).registration,
    ).toBe("dynamic");
  });
});
