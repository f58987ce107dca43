// RFC 7591 dynamic client registration: open to anyone, rate-limited per address, audited.
import { route } from "@/lib/http/route";
import { readCappedText } from "@/lib/http/body";
import { clientIp, recordAudit } from "@/lib/audit/record";
import { registerClient, toRegistrationResponse } from "@/lib/oauth-server/client-registration";
import { clientDisplayName } from "@/lib/oauth-server/clients";
import { redirectTarget } from "@/lib/oauth-server/redirect-uris";
import {
  corsPreflight,
  oauthError,
  oauthErrorResponse,
  oauthJson,
  OAuthProtocolError,
} from "@/lib/oauth-server/oauth-errors";

export const dynamic = "force-dynamic";
const MAX_BODY = 32 * 1024;

export const POST = route(
  {
    auth: "public",
    why: "RFC 7591 open dynamic client registration (rate-limited per address)",
    failure: oauthErrorResponse,
  },
  async (req, { handle }) => {
    const ip = clientIp(req.headers);
    if (!/^application\/([a-z.+-]*\+)?json\b/i.test(req.headers.get("content-type") ?? "")) {
      throw oauthError("invalid_client_metadata", "Send the client metadata as JSON (Content-Type: application/json).");
    }
    const text = await readCappedText(req, MAX_BODY, () =>
      oauthError("invalid_client_metadata", "The client metadata is too large."),
    );
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw oauthError("invalid_client_metadata", "The request body is not valid JSON.");
    }
    try {
      const { client, clientSecret } = await registerClient(handle, body, ip);
      await recordAudit({
        kind: "oauth.client_registered",
        actorLabel: clientDisplayName(client),
        via: client.clientId,
        targetType: "oauth_client",
        targetId: client.clientId,
        ip,
        details: {
          clientName: client.clientName,
          redirectHosts: [...new Set(client.redirectUris.map(redirectTarget))],
          tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
          softwareId: client.softwareId,
        },
      });
      return oauthJson(toRegistrationResponse(client, clientSecret), 201);
    } catch (err) {
      if (err instanceof OAuthProtocolError) {
        await recordAudit({
          kind: "oauth.client_registration_refused",
          targetType: "oauth_client",
          outcome: "denied",
          ip,
          details: { error: err.code, reason: err.description },
        });
      }
      throw err;
    }
  },
);

export const OPTIONS = corsPreflight;
