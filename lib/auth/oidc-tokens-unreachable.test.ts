// When the identity provider cannot be reached, a refresh is "unavailable" — never a forced re-sign-in.
import { beforeAll, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { oidcAccounts } from "@/lib/db/schema";
import { insertUser } from "@/lib/db/queries/users";
import { upsertOidcAccount } from "@/lib/db/queries/oidc-accounts";
import { sealSecret } from "@/lib/crypto/instance-secrets";
import { getUsableOidcAccessToken, OIDC_PROVIDER_ID } from "@/lib/auth/oidc-tokens";
import { freePort } from "@/e2e/fixtures/net";
import { describeEachDriver, uniqueEmail } from "@/lib/testing/databases";

beforeAll(async () => {
  // A port nothing listens on: every request to this "provider" fails to connect.
  process.env.OIDC_ISSUER = `http://localhost:${await freePort()}`;
  process.env.OIDC_CLIENT_ID = "switchboard";
  process.env.OIDC_CLIENT_SECRET = "unreachable-secret";
});

describeEachDriver("identity-provider tokens, provider down", ({ handle }) => {
  it("answers unavailable, keeps the tokens, and does not mark the link as refused", async () => {
    const user = (await insertUser(handle().db, {
      email: uniqueEmail("down"),
      name: "Down",
      passwordHash: null,
      role: "member",
    }))!;
    const expired = new Date(Date.now() - 60_000);
    await upsertOidcAccount(handle().db, {
      userId: user.id,
      provider: OIDC_PROVIDER_ID,
      subject: `down-${user.id}`,
      accessTokenEncrypted: sealSecret("old-access-token-value"),
      refreshTokenEncrypted: sealSecret("refresh-token-value"),
      tokenType: "Bearer",
      scope: "openid",
      expiresAt: expired,
    });
    const warn = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await getUsableOidcAccessToken(handle(), user.id);
    expect(result).toMatchObject({ status: "unavailable", message: expect.stringContaining("discovery failed") });
    const lines = warn.mock.calls.flat().join("\n");
    warn.mockRestore();
    expect(lines).toContain("identity provider token refresh failed");
    expect(lines).not.toContain("refresh-token-value");
    expect(lines).not.toContain("old-access-token-value");
    expect(JSON.stringify(result)).not.toContain("refresh-token-value");
    const [row] = await handle().db.select().from(oidcAccounts).where(eq(oidcAccounts.userId, user.id));
    expect(row!.refreshFailedAt).toBeNull();
    expect(row!.expiresAt).toEqual(expired);
  });
});
