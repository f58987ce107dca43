import { route, readId } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { getMcpServerById } from "@/lib/db/queries/mcp-servers";
import { notFound } from "@/lib/errors";
import { callbackUrlFor, clientMetadataUrlFor } from "@/lib/upstream/oauth-client-urls";

/**
 * Public: the OAuth client-ID metadata document Switchboard uses as its client_id at authorization servers that
 * support them (only when SWITCHBOARD_URL is https). It holds no secrets: a name, the redirect URI, the grants.
 */
export const GET = route(async (_req, ctx: { params: Promise<{ id: string }> }) => {
  const id = readId((await ctx.params).id, "Server");
  const server = await getMcpServerById(await getDb(), id);
  if (!server || server.authType !== "oauth2") throw notFound("Client metadata");
  return Response.json(
    {
      client_id: clientMetadataUrlFor(id),
      client_name: "Switchboard",
      redirect_uris: [callbackUrlFor(id)],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    },
    { headers: { "cache-control": "public, max-age=300" } },
  );
});
