import { route } from "@/lib/http/route";

export const GET = route({ auth: "user" }, async (_req, { principal: { user } }) => {
  return Response.json({ id: user.id, email: user.email, name: user.name, role: user.role });
});
