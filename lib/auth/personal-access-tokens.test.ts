import { beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEvents, personalAccessTokens, type User } from "@/lib/db/schema";
import { insertUser, updateUser } from "@/lib/db/queries/users";
import { deletePersonalAccessToken, listPersonalAccessTokensByUser } from "@/lib/db/queries/personal-access-tokens";
import { sha256Hex } from "@/lib/crypto/hash";
import {
  createPersonalAccessToken,
  createTokenInput,
  issueToken,
  listTokens,
  revokeToken,
  toTokenDto,
  verifyPersonalAccessToken,
} from "@/lib/auth/personal-access-tokens";
import { sessionPrincipal } from "@/lib/testing/actors";
import { describeEachDriver, uniqueEmail } from "@/lib/testing/databases";

describeEachDriver("personal access tokens", ({ db, handle }) => {
  let user: User;
  beforeAll(async () => {
    user = (await insertUser(db(), { email: uniqueEmail("pat"), name: "Pat", passwordHash: null, role: "member" }))!;
  });

  const rawRow = async (id: string) =>
    (await db().select().from(personalAccessTokens).where(eq(personalAccessTokens.id, id)))[0];

  it("mints sb_pat_ + 32 random bytes (base64url) and stores only its SHA-256", async () => {
    const { row, token } = await createPersonalAccessToken(db(), user.id, "ci", 30);
    expect(token).toMatch(/^sb_pat_[A-Za-z0-9_-]{43}$/);
    const stored = await rawRow(row.id);
    expect(stored!.tokenHash).toBe(sha256Hex(token));
    // No column of the row holds the token or its random part.
    const secretPart = token.slice("sb_pat_".length);
    expect(JSON.stringify(stored)).not.toContain(secretPart);
    expect(Object.keys(toTokenDto(stored!)).sort()).toEqual(["createdAt", "expiresAt", "id", "lastUsedAt", "name"]);
    expect(stored!.expiresAt!.getTime() - stored!.createdAt.getTime()).toBeGreaterThan(29.9 * 86_400_000);
  });

  it("verifies a valid token and finds its owner; rejects unknown, malformed and foreign-prefix tokens", async () => {
    const { row, token } = await createPersonalAccessToken(db(), user.id, "verify", undefined);
    expect(row.expiresAt).toBeNull();
    expect(await verifyPersonalAccessToken(db(), token)).toMatchObject({ user: { id: user.id }, tokenId: row.id });
    expect(await verifyPersonalAccessToken(db(), `${token}x`)).toBeUndefined();
    expect(await verifyPersonalAccessToken(db(), "sb_pat_")).toBeUndefined();
    expect(await verifyPersonalAccessToken(db(), token.replace("sb_pat_", "sb_xyz_"))).toBeUndefined();
  });

  it("rejects an expired token", async () => {
    const created = new Date();
    const { token } = await createPersonalAccessToken(db(), user.id, "short", 1, created);
    expect(await verifyPersonalAccessToken(db(), token, new Date(created.getTime() + 86_400_000 - 1000))).toBeDefined();
    expect(await verifyPersonalAccessToken(db(), token, new Date(created.getTime() + 86_400_000))).toBeUndefined();
    expect(await verifyPersonalAccessToken(db(), token, new Date(created.getTime() + 2 * 86_400_000))).toBeUndefined();
  });

  it("rejects a deleted token, and only its owner can delete it", async () => {
    const { row, token } = await createPersonalAccessToken(db(), user.id, "delete-me", 30);
    const other = (await insertUser(db(), {
      email: uniqueEmail("other"),
      name: "Other",
      passwordHash: null,
      role: "member",
    }))!;
    expect(await deletePersonalAccessToken(db(), other.id, row.id)).toBeUndefined();
    expect(await verifyPersonalAccessToken(db(), token)).toBeDefined();
    expect((await deletePersonalAccessToken(db(), user.id, row.id))?.id).toBe(row.id);
    expect(await verifyPersonalAccessToken(db(), token)).toBeUndefined();
    expect((await listPersonalAccessTokensByUser(db(), user.id)).map((t) => t.id)).not.toContain(row.id);
  });

  it("rejects the tokens of a disabled user, and accepts them again once re-enabled", async () => {
    const owner = (await insertUser(db(), {
      email: uniqueEmail("dis"),
      name: "Dis",
      passwordHash: null,
      role: "member",
    }))!;
    const { token } = await createPersonalAccessToken(db(), owner.id, "x", 30);
    await updateUser(db(), owner.id, { disabled: true });
    expect(await verifyPersonalAccessToken(db(), token)).toBeUndefined();
    await updateUser(db(), owner.id, { disabled: false });
    expect(await verifyPersonalAccessToken(db(), token)).toBeDefined();
  });

  it("records last use at most once a minute", async () => {
    const { row, token } = await createPersonalAccessToken(db(), user.id, "touch", 30);
    expect((await rawRow(row.id))!.lastUsedAt).toBeNull();
    const t0 = new Date(Date.now() + 1000);
    await verifyPersonalAccessToken(db(), token, t0);
    expect((await rawRow(row.id))!.lastUsedAt).toEqual(t0);
    await verifyPersonalAccessToken(db(), token, new Date(t0.getTime() + 59_000));
    expect((await rawRow(row.id))!.lastUsedAt).toEqual(t0);
    const t2 = new Date(t0.getTime() + 61_000);
    await verifyPersonalAccessToken(db(), token, t2);
    expect((await rawRow(row.id))!.lastUsedAt).toEqual(t2);
  });

  it("lists a user's tokens newest first, never with the hash", async () => {
    const owner = (await insertUser(db(), {
      email: uniqueEmail("list"),
      name: "List",
      passwordHash: null,
      role: "member",
    }))!;
    const a = await createPersonalAccessToken(db(), owner.id, "a", 30, new Date(Date.now() - 5000));
    const b = await createPersonalAccessToken(db(), owner.id, "b", 30);
    const listed = (await listPersonalAccessTokensByUser(db(), owner.id)).map(toTokenDto);
    expect(listed.map((t) => t.name)).toEqual(["b", "a"]);
    expect(JSON.stringify(listed)).not.toContain(sha256Hex(a.token));
    expect(JSON.stringify(listed)).not.toContain(b.token);
  });

  const auditsOf = async (tokenId: string) =>
    (await db().select().from(auditEvents).where(eq(auditEvents.targetId, tokenId))).map((e) => ({
      kind: e.kind,
      actorId: e.actorId,
      via: e.via,
      details: e.details,
    }));

  it("a user issues a token: shown once, listed without it, audited by name", async () => {
    const issued = await issueToken(
      handle(),
      sessionPrincipal(user),
      createTokenInput.parse({ name: " deploy ", expiresInDays: 7 }),
    );
    expect(Object.keys(issued).sort()).toEqual(["createdAt", "expiresAt", "id", "name", "token"]);
    expect(issued.name).toBe("deploy");
    expect(await verifyPersonalAccessToken(db(), issued.token)).toMatchObject({ user: { id: user.id } });
    const listed = (await listTokens(handle(), user.id)).find((t) => t.id === issued.id);
    expect(listed).toEqual({ ...toTokenDto((await rawRow(issued.id))!) });
    expect(JSON.stringify(await listTokens(handle(), user.id))).not.toContain(issued.token);
    expect(await auditsOf(issued.id)).toEqual([
      { kind: "token.created", actorId: user.id, via: "session", details: { name: "deploy" } },
    ]);
    expect(JSON.stringify(await auditsOf(issued.id))).not.toContain(issued.token);
  });

  it("revokes only the caller's own token (another's is not found and stays), audited", async () => {
    const issued = await issueToken(handle(), sessionPrincipal(user), { name: "mine" });
    const other = (await insertUser(db(), {
      email: uniqueEmail("thief"),
      name: "Thief",
      passwordHash: null,
      role: "admin",
    }))!;
    await expect(revokeToken(handle(), sessionPrincipal(other), issued.id)).rejects.toMatchObject({
      code: "not_found",
      message: "Token not found.",
    });
    expect(await verifyPersonalAccessToken(db(), issued.token)).toBeDefined();
    expect((await auditsOf(issued.id)).map((e) => e.kind)).toEqual(["token.created"]);

    const viaToken = { user, via: { kind: "pat" as const, tokenId: issued.id } };
    await revokeToken(handle(), viaToken, issued.id);
    expect(await verifyPersonalAccessToken(db(), issued.token)).toBeUndefined();
    expect(await auditsOf(issued.id)).toEqual([
      expect.objectContaining({ kind: "token.created" }),
      { kind: "token.revoked", actorId: user.id, via: `pat:${issued.id}`, details: { name: "mine" } },
    ]);
    await expect(revokeToken(handle(), viaToken, issued.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("validates the create input with field messages", () => {
    const bad = createTokenInput.safeParse({ name: "", expiresInDays: 0.5, extra: true });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join(".") || "_").sort()).toEqual(["_", "expiresInDays", "name"]);
  });
});
