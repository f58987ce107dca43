// The Audit page (admin): events from real actions, filtered by actor, kind, outcome and time, with bad filters explained.
import { test, expect, adminApi, createUser, mintToken, sessionApi, unique } from "./test";
import { AuditPage } from "./pages/audit-page";

test("filters the audit log by actor, kind, outcome and time range", async ({ page }) => {
  const admin = await adminApi();
  const member = await createUser(admin, "member");
  await mintToken(member.email, member.password); // auth.signed_in + token.created by the member
  const ghost = `${unique("ghost")}@switchboard.test`;
  await expect(sessionApi(ghost, "wrong-password")).rejects.toThrow(); // auth.sign_in_failed for an unknown email

  const audit = new AuditPage(page);
  await audit.goto();
  await expect(audit.rows().first()).toBeVisible();

  await audit.apply({ actor: member.email });
  await expect(audit.rows().filter({ hasText: "token.created" })).toHaveCount(1);
  await expect(audit.rows().filter({ hasText: "auth.signed_in" })).toHaveCount(1);
  for (const row of await audit.rows().all()) await expect(row).toContainText(member.email);
  await expect(audit.rows().filter({ hasText: ghost })).toHaveCount(0);

  await audit.apply({ kind: "auth.sign_in_failed", outcome: "failure" });
  await expect(audit.rows().filter({ hasText: ghost })).toHaveCount(1);
  for (const row of await audit.rows().all()) {
    await expect(row).toContainText("auth.sign_in_failed");
    await expect(row).toContainText("failure");
  }

  // A window in the future holds nothing; one around now holds the events above.
  await audit.apply({ kind: "auth.sign_in_failed", from: "2099-01-01T00:00" });
  await expect(page.getByText("No events match these filters.")).toBeVisible();
  const hourAgo = new Date(Date.now() - 3600_000);
  const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await audit.apply({ kind: "auth.sign_in_failed", from: local(hourAgo), to: local(new Date(Date.now() + 3600_000)) });
  await expect(audit.rows().filter({ hasText: ghost })).toHaveCount(1);

  // A malformed filter is explained beside the field.
  await audit.apply({ tool: "x".repeat(201) });
  await expect(audit.filters().getByText("At most 200 characters.")).toBeVisible();

  // Clear brings everything back.
  await audit.filters().getByRole("button", { name: "Clear" }).click();
  await expect(audit.rows().filter({ hasText: ghost })).toHaveCount(1);
  await expect(audit.rows().filter({ hasText: "token.created" }).first()).toBeVisible();
  await admin.dispose();
});

test("the audit API pages newest-first with a cursor and validates its filters", async () => {
  const admin = await adminApi();
  const first = (await (await admin.get("/api/audit?limit=2")).json()) as {
    events: Array<{ id: number }>;
    nextCursor: string;
  };
  expect(first.events).toHaveLength(2);
  expect(first.events[0]!.id).toBeGreaterThan(first.events[1]!.id);
  const second = (await (await admin.get(`/api/audit?limit=2&cursor=${first.nextCursor}`)).json()) as {
    events: Array<{ id: number }>;
  };
  expect(second.events[0]!.id).toBeLessThan(first.events[1]!.id);
  const bad = await admin.get("/api/audit?outcome=maybe&from=yesterday&limit=5000&color=red");
  expect(bad.status()).toBe(400);
  const body = (await bad.json()) as { error: { code: string; fields: Record<string, string> } };
  expect(body.error.code).toBe("validation_failed");
  expect(Object.keys(body.error.fields).sort()).toEqual(expect.arrayContaining(["from", "limit", "outcome"]));
  await admin.dispose();
});
