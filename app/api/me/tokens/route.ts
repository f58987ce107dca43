import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/body";
import { createTokenInput, issueToken, listTokens } from "@/lib/auth/personal-access-tokens";

export const GET = route({ auth: "user" }, async (_req, { handle, principal }) => {
  return Response.json({ tokens: await listTokens(handle, principal.user.id) });
});

export const POST = route({ auth: "user" }, async (req, { handle, principal }) => {
  const input = await readJson(req, createTokenInput);
  return Response.json(await issueToken(handle, principal, input), {
    status: 201,
    headers: { "cache-control": "no-store" },
  });
});
