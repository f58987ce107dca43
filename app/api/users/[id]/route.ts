import { route, readJson, readId } from "@/lib/http/route";
import { requireAdmin } from "@/lib/auth/request";
import { getDbHandle } from "@/lib/db/client";
import { changeUser, toUserDto, updateUserInput } from "@/lib/users/manage";

export const PATCH = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const principal = await requireAdmin(req);
  const id = readId((await ctx.params).id, "User");
  const patch = await readJson(req, updateUserInput);
  const user = await changeUser(await getDbHandle(), principal, id, patch);
  return Response.json(toUserDto(user));
});
