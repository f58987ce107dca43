import { route, readJson } from "@/lib/http/route";
import { requireAdmin } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { listUsers } from "@/lib/db/queries/users";
import { createUser, createUserInput, toUserDto } from "@/lib/users/manage";

export const GET = route(async (req) => {
  await requireAdmin(req);
  return Response.json({ users: (await listUsers(await getDb())).map(toUserDto) });
});

export const POST = route(async (req) => {
  const principal = await requireAdmin(req);
  const input = await readJson(req, createUserInput);
  const user = await createUser(await getDb(), principal, input);
  return Response.json(toUserDto(user), { status: 201 });
});
