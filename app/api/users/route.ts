import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { listUsers } from "@/lib/db/queries/users";
import { createUser, createUserInput, toUserDto } from "@/lib/users/manage";

export const GET = route({ auth: "admin" }, async (_req, { handle }) => {
  return Response.json({ users: (await listUsers(handle.db)).map(toUserDto) });
});

export const POST = route({ auth: "admin" }, async (req, { handle, principal }) => {
  const input = await readJson(req, createUserInput);
  const user = await createUser(handle, principal, input);
  return Response.json(toUserDto(user), { status: 201 });
});
