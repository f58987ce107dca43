import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { changeUser, toUserDto, updateUserInput } from "@/lib/users/manage";

export const PATCH = route({ auth: "admin", id: "User" }, async (req, { handle, principal, id }) => {
  const patch = await readJson(req, updateUserInput);
  const user = await changeUser(handle, principal, id, patch);
  return Response.json(toUserDto(user));
});
