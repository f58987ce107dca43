import { beforeAll, expect, it } from "vitest";
import { describeEachDriver } from "@/lib/testing/databases";
import { createTestUser, sessionPrincipal } from "@/lib/testing/actors";
import { serverFieldsSchema } from "@/lib/server-input/schemas";
import { createServer } from "@/lib/registry/servers";
import { serverViews } from "@/lib/registry/views";
import { getUserSelections, setUserSelection } from "@/lib/connections/selections";
import { isServerSelected } from "@/lib/connections/state";
import { AppError } from "@/lib/errors";
import type { User } from "@/lib/db/schema";

describeEachDriver("availability selections", ({ handle, db }) => {
  let admin: User;
  beforeAll(async () => {
    admin = await createTestUser(db(), "admin");
  });
  const create = (availability: string) =>
    createServer(
      handle(),
      sessionPrincipal(admin),
      serverFieldsSchema.parse({
        displayName: availability,
        slug: `${availability.replace("_", "-")}-${Math.random().toString(36).slice(2, 7)}`,
        url: "https://s.example.com/mcp",
        availability,
        enabled: true,
      }),
    );

  it("default_on is selected until the user opts out, default_off only once they opt in; force_on cannot change", async () => {
    const user = await createTestUser(db(), "member");
    const on = await create("default_on");
    const off = await create("default_off");
    const forced = await create("force_on");
    const selectedOf = async () =>
      Object.fromEntries(
        (await serverViews(handle(), user, [on, off, forced])).map((v) => [v.availability, v.selected]),
      );
    expect(await selectedOf()).toEqual({ default_on: true, default_off: false, force_on: true });
    await setUserSelection(db(), user, on, false);
    await setUserSelection(db(), user, off, true);
    expect(await selectedOf()).toEqual({ default_on: false, default_off: true, force_on: true });
    await setUserSelection(db(), user, off, false);
    expect(isServerSelected(off, await getUserSelections(db(), user.id))).toBe(false);
    const refused = await setUserSelection(db(), user, forced, false).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(400);
    // Another user's choices are their own.
    const other = await createTestUser(db(), "member");
    expect(
      Object.fromEntries((await serverViews(handle(), other, [on, off])).map((v) => [v.availability, v.selected])),
    ).toEqual({ default_on: true, default_off: false });
  });
});
