import { expect, it } from "vitest";
import { describeEachDriver } from "@/lib/testing/databases";
import { codeForm, form, makeClient, makeCode, makeUser } from "@/lib/testing/oauth-server";
import { exchangeAuthorizationCode } from "@/lib/oauth-server/authorization-codes";
import { refreshTokens } from "@/lib/oauth-server/refresh-tokens";
import { pruneOAuthRows } from "@/lib/oauth-server/housekeeping";
import { getAuthorizationCodeByHash } from "@/lib/db/queries/oauth-authorization-codes";
import { getRefreshTokenWithGrantByHash } from "@/lib/db/queries/oauth-refresh-tokens";
import { getOAuthGrantWithUserAndClient, revokeOAuthGrant } from "@/lib/db/queries/oauth-grants";
import { sha256Hex } from "@/lib/crypto/hash";

const DAY = 24 * 60 * 60 * 1000;

describeEachDriver("authorization-server housekeeping", ({ handle }) => {
  it("drops long-expired codes, stale replay copies and old revoked grants, and keeps everything live", async () => {
    const user = await makeUser(handle());
    const { client } = await makeClient(handle());
    const old = await makeCode(handle(), client, user, { now: new Date(Date.now() - 2 * DAY) });
    const fresh = await makeCode(handle(), client, user);

    const live = await exchangeAuthorizationCode(handle(), client, codeForm(client, fresh.code, fresh.verifier), {
      ip: null,
    });
    const rotated = await refreshTokens(handle(), client, form({ refresh_token: live.response.refresh_token }), {
      ip: null,
    });
    const second = await makeCode(handle(), client, user);
    const doomed = await exchangeAuthorizationCode(handle(), client, codeForm(client, second.code, second.verifier), {
      ip: null,
    });
    await revokeOAuthGrant(handle().db, doomed.grant.id, "user", new Date(Date.now() - 31 * DAY));

    // Right after rotation the replay copy is still needed (grace period) …
    await pruneOAuthRows(handle().db, new Date());
    expect(
      (await getRefreshTokenWithGrantByHash(handle().db, sha256Hex(live.response.refresh_token!)))?.token
        .successorResponseEncrypted,
    ).not.toBeNull();
    // … a minute later it is not.
    await pruneOAuthRows(handle().db, new Date(Date.now() + 60_000));

    expect(await getAuthorizationCodeByHash(handle().db, sha256Hex(old.code))).toBeUndefined();
    expect(await getAuthorizationCodeByHash(handle().db, sha256Hex(fresh.code))).toBeDefined();
    const first = await getRefreshTokenWithGrantByHash(handle().db, sha256Hex(live.response.refresh_token!));
    expect(first?.token.successorResponseEncrypted).toBeNull();
    expect(await getRefreshTokenWithGrantByHash(handle().db, sha256Hex(rotated.response.refresh_token!))).toBeDefined();
    expect(await getOAuthGrantWithUserAndClient(handle().db, live.grant.id)).toBeDefined();
    expect(await getOAuthGrantWithUserAndClient(handle().db, doomed.grant.id)).toBeUndefined();
  });
});
