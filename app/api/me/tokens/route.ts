import { z } from "zod";
import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { listPersonalAccessTokensByUser } from "@/lib/db/queries/personal-access-tokens";
import { createPersonalAccessToken, toTokenDto } from "@/lib/auth/personal-access-tokens";
import { recordAudit } from "@/lib/audit/record";
import { auditActor } from "@/lib/auth/principal";

const createInput = z
  .object({
    name: z.string().trim().min(1, "Enter a name.").max(100, "At most 100 characters."),
    expiresInDays: z
      .number()
      .int("Whole days only.")
      .min(1, "At least 1 day.")
      .max(3650, "At most 3650 days.")
      .optional(),
  })
  .strict();

export const GET = route({ auth: "user" }, async (_req, { handle, principal }) => {
  const rows = await listPersonalAccessTokensByUser(handle.db, principal.user.id);
  return Response.json({ tokens: rows.map(toTokenDto) });
});

export const POST = route({ auth: "user" }, async (req, { handle, principal }) => {
  const input = await readJson(req, createInput);
  const { row, token } = await createPersonalAccessToken(handle.db, principal.user.id, input.name, input.expiresInDays);
  await recordAudit(
    {
      kind: "token.created",
      ...auditActor(principal),
      targetType: "personal_access_token",
      targetId: row.id,
      details: { name: row.name },
    },
    handle.db,
  );
  const dto = toTokenDto(row);
  return Response.json(
    { id: dto.id, name: dto.name, token, createdAt: dto.createdAt, expiresAt: dto.expiresAt },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
});
