import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { countUsers } from "@/lib/db/queries/users";
import { createFirstAdmin, setupInput, toUserDto } from "@/lib/users/manage";
import { clientIp } from "@/lib/audit/record";
import { conflict } from "@/lib/errors";

const why = "first-run set-up before any user exists (answers 409 afterwards)";

export const GET = route({ auth: "public", why }, async (_req, { handle }) => {
  return Response.json({ needed: (await countUsers(handle.db)) === 0 });
});

// Same-origin: another site must not be able to pick the first admin's password for a fresh install.
export const POST = route({ auth: "public", why, sameOrigin: true }, async (req, { handle }) => {
  // Answer 409 before validating, so a finished install reveals nothing about its rules.
  if ((await countUsers(handle.db)) > 0) throw conflict("Set-up is already complete; sign in instead.");
  const input = await readJson(req, setupInput);
  const user = await createFirstAdmin(handle, input, clientIp(req.headers));
  return Response.json(toUserDto(user), { status: 201 });
});
