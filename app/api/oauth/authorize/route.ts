// The consent form's target: the signed-in user's Approve/Deny for a ticketed authorization request, answered with
// a 303 to the client's redirect URI. Same-origin form posts only; the ticket binds the request to this user.
import { getDb } from "@/lib/db/client";
import { readCappedText } from "@/lib/http/route";
import { getSessionUser, isCrossSiteRequest } from "@/lib/auth/request";
import { clientIp } from "@/lib/audit/record";
import { decideConsent, readConsentTicket } from "@/lib/oauth-server/consent";
import { consentErrorPage } from "@/lib/oauth-server/consent-pages";

export const dynamic = "force-dynamic";
// A ticket and a decision; the ticket carries the client's state, bounded by the URL it came in (Node caps headers at 16 KiB).
const MAX_FORM_BYTES = 64 * 1024;

export async function POST(req: Request): Promise<Response> {
  if (isCrossSiteRequest(req.headers))
    return consentErrorPage(403, "This approval did not come from Switchboard's own page, so it was ignored.");
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers.get("content-type") ?? "")) {
    return consentErrorPage(400, "Unexpected request.");
  }
  const user = await getSessionUser();
  if (!user) return consentErrorPage(401, "Your session ended. Start again from the application.");
  let form: URLSearchParams;
  try {
    form = new URLSearchParams(await readCappedText(req, MAX_FORM_BYTES));
  } catch {
    return consentErrorPage(413, "The approval form was too large.");
  }
  const decision = form.get("decision");
  const ticket = await readConsentTicket(form.get("ticket") ?? "", user.id);
  if (!ticket || (decision !== "approve" && decision !== "deny")) {
    return consentErrorPage(400, "This approval form has expired or is not valid. Start again from the application.");
  }
  const result = await decideConsent(await getDb(), user, ticket, decision === "approve", clientIp(req.headers));
  if (!result.ok) return consentErrorPage(400, result.message);
  return new Response(null, { status: 303, headers: { location: result.redirect, "cache-control": "no-store" } });
}
