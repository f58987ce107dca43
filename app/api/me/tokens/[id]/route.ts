import { route, noContent } from "@/lib/http/route";
import { deletePersonalAccessToken } from "@/lib/db/queries/personal-access-tokens";
import { recordAudit } from "@/lib/audit/record";
import { auditActor } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";

export const DELETE = route({ auth: "user", id: "Token" }, async (_req, { handle, principal, id }) => {
  const removed = await deletePersonalAccessToken(handle.db, principal.user.id, id);
  if (!removed) throw notFound("Token");
  await recordAudit(
    {
      kind: "token.revoked",
      ...auditActor(principal),
      targetType: "personal_access_token",
      targetId: id,
      details: { name: removed.name },
    },
    handle.db,
  );
  return noContent();
});
