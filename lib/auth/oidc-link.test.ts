// Which Switchboard account an identity-provider sign-in lands in: linking by email only when the provider vouches for it.
import { expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { oidcAccounts } from "@/lib/db/schema";
import { countUsers, getUserByEmail, insertUser } from "@/lib/db/queries/users";
import { linkOidcSignIn } from "@/lib/auth/oidc-link";
import { describeEachDriver, uniqueEmail } from "@/lib/testing/databases";

const subject = () => `sub-${randomBytes(6).toString("hex")}`;

describeEachDriver("identity-provider sign-in linking", ({ db }) => {
  it("links to an existing account only when the provider says the email is verified", async () => {
    const email = uniqueEmail("ada");
    const admin = (await insertUser(db(), { email, name: "Ada", passwordHash: "scrypt$x", role: "admin" }))!;
    const linked = await linkOidcSignIn(
      db(),
      { subject: subject(), email, emailVerified: true, accessToken: "at-verified" },
      null,
    );
    expect(linked).toMatchObject({ ok: true, user: { id: admin.id, role: "admin" } });
  });

  it.each([
    ["says nothing about verification", null],
    ["says the email is not verified", false],
  ])("refuses to take over an existing account when the provider %s", async (_what, emailVerified) => {
    // Many providers omit email_verified, and some let users type any address: the claim is then no proof.
    const email = uniqueEmail("victim");
    const victim = (await insertUser(db(), { email, name: "Victim", passwordHash: "scrypt$x", role: "admin" }))!;
    const result = await linkOidcSignIn(
      db(),
      { subject: subject(), email, emailVerified, accessToken: "at-attacker" },
      null,
    );
    expect(result).toEqual({ ok: false, reason: "email_unverified" });
    expect(await db().select().from(oidcAccounts).where(eq(oidcAccounts.userId, victim.id))).toEqual([]);
  });

  it("creates a member for a new email the provider did not mark verified, but not for one it marked unverified", async () => {
    const fresh = uniqueEmail("new");
    expect(
      await linkOidcSignIn(db(), { subject: subject(), email: fresh, emailVerified: null, name: "New" }, null),
    ).toMatchObject({
      ok: true,
      user: { email: fresh, role: "member" },
    });
    const other = uniqueEmail("unverified");
    expect(await linkOidcSignIn(db(), { subject: subject(), email: other, emailVerified: false }, null)).toEqual({
      ok: false,
      reason: "email_unverified",
    });
    expect(await getUserByEmail(db(), other)).toBeUndefined();
  });

  it("an existing link wins over the email claim", async () => {
    const sub = subject();
    const email = uniqueEmail("linked");
    const first = await linkOidcSignIn(db(), { subject: sub, email, emailVerified: true }, null);
    const again = await linkOidcSignIn(
      db(),
      { subject: sub, email: uniqueEmail("changed"), emailVerified: null },
      null,
    );
    expect(again).toMatchObject({ ok: true, user: { id: first.ok ? first.user.id : "" } });
  });
});

describeEachDriver("identity-provider sign-in before set-up", ({ db }) => {
  it("creates no account while no user exists, so set-up can still create the first admin", async () => {
    const result = await linkOidcSignIn(
      db(),
      { subject: subject(), email: uniqueEmail("early"), emailVerified: true, name: "Early Bird" },
      null,
    );
    expect(result).toEqual({ ok: false, reason: "setup_required" });
    expect(await countUsers(db())).toBe(0);
  });
});
