import { route, readJson } from "@/lib/http/route";
import { getDb, getDbHandle } from "@/lib/db/client";
import { countUsers } from "@/lib/db/queries/users";
import { createFirstAdmin, setupInput, toUserDto } from "@/lib/users/manage";
import { isCrossSiteRequest } from "@/lib/auth/request";
import { clientIp } from "@/lib/audit/record";
import { conflict, forbidden } from "@/lib/errors";

export const GET = route(async () => {
  return Response.json({ needed: (await countUsers(await getDb())) === 0 });
});

export const POST = route(async (req) => {
  if (isCrossSiteRequest(req.headers)) throw forbidden("Cross-site request refused.");
  const handle = await getDbHandle();
  // Answer 409 before validating, so a finished install reveals nothing about its rules.
  if ((await countUsers(handle.db)) > 0) throw conflict("Set-up is already complete; sign in instead.");
  const input = await readJson(req, setupInput);
  const user = await createFirstAdmin(handle, input, clientIp(req.headers));
  return Response.json(toUserDto(user), { status: 201 });
});
