import { route } from "@/lib/http/route";
import { authenticate } from "@/lib/auth/request";

export const GET = route(async (req) => {
  const { user } = await authenticate(req);
  return Response.json({ id: user.id, email: user.email, name: user.name, role: user.role });
});
