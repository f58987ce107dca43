import { route, readId, noContent } from "@/lib/http/route";
import { authenticate } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { deletePersonalAccessToken } from "@/lib/db/queries/personal-access-tokens";
import { recordAudit } from "@/lib/audit/record";
import { auditActor } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";

export const DELETE = route(async (req, ctx: { params: Promise<{ id: string }> }) => {
  const principal = await authenticate(req);
  const id = readId((await ctx.params).id, "Token");
  const db = await getDb();
  const removed = await deletePersonalAccessToken(db, principal.user.id, id);
  if (!removed) throw notFound("Token");
  await recordAudit(
    {
      kind: "token.revoked",
      ...auditActor(principal),
      targetType: "personal_access_token",
      targetId: id,
      details: { name: removed.name },
    },
    db,
  );
  return noContent();
});
