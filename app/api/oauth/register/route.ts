// RFC 7591 dynamic client registration: open to anyone, rate-limited per address, audited.
import { route } from "@/lib/http/route";
import { readJsonBody } from "@/lib/http/body";
import { clientIp } from "@/lib/audit/record";
import {
  MAX_REGISTRATION_BYTES,
  registerClient,
  registrationBodyErrors,
  toRegistrationResponse,
} from "@/lib/oauth-server/client-registration";
import { corsPreflight, oauthErrorResponse, oauthJson } from "@/lib/oauth-server/oauth-errors";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    auth: "public",
    why: "RFC 7591 open dynamic client registration (rate-limited per address)",
    failure: oauthErrorResponse,
  },
  async (req, { handle }) => {
    const body = await readJsonBody(req, MAX_REGISTRATION_BYTES, registrationBodyErrors);
    const { client, clientSecret } = await registerClient(handle, body, clientIp(req.headers));
    return oauthJson(toRegistrationResponse(client, clientSecret), 201);
  },
);

export const OPTIONS = corsPreflight;
