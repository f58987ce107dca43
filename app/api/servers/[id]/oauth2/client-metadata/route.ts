import { route } from "@/lib/http/route";
import { getMcpServerById } from "@/lib/db/queries/mcp-servers";
import { notFound } from "@/lib/errors";
import { callbackUrlFor, clientMetadataUrlFor } from "@/lib/upstream/oauth-client-urls";

/**
 * The OAuth client-ID metadata document Switchboard uses as its client_id at authorization servers that support them
 * (only when SWITCHBOARD_URL is https). It holds no secrets: a name, the redirect URI, the grants.
 */
export const GET = route(
  {
    auth: "public",
    why: "the client ID metadata document that an upstream authorization server fetches",
    id: "Server",
  },
  async (_req, { handle, id }) => {
    const server = await getMcpServerById(handle.db, id);
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
  },
);
