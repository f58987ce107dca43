import { route, noContent } from "@/lib/http/route";
import { revokeToken } from "@/lib/auth/personal-access-tokens";

export const DELETE = route({ auth: "user", id: "Token" }, async (_req, { handle, principal, id }) => {
  await revokeToken(handle, principal, id);
  return noContent();
});
