// The consent form's target: the signed-in user's Approve/Deny for a ticketed authorization request, answered with
// a 303 to the client's redirect URI. Same-origin form posts only; the ticket binds the request to this user.
import { route } from "@/lib/http/route";
import { readCappedText } from "@/lib/http/body";
import { clientIp } from "@/lib/audit/record";
import { decideConsent, readConsentTicket } from "@/lib/oauth-server/consent";
import { consentErrorPage, consentFailure } from "@/lib/oauth-server/consent-pages";

export const dynamic = "force-dynamic";
// A ticket and a decision; the ticket carries the client's state, bounded by the URL it came in (Node caps headers at 16 KiB).
const MAX_FORM_BYTES = 64 * 1024;

export const POST = route(
  { auth: "session", failure: consentFailure },
  async (req, { handle, principal: { user } }) => {
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers.get("content-type") ?? "")) {
      return consentErrorPage(400, "Unexpected request.");
    }
    const form = new URLSearchParams(await readCappedText(req, MAX_FORM_BYTES));
    const decision = form.get("decision");
    const ticket = await readConsentTicket(form.get("ticket") ?? "", user.id);
    if (!ticket || (decision !== "approve" && decision !== "deny")) {
      return consentErrorPage(400, "This approval form has expired or is not valid. Start again from the application.");
    }
    const result = await decideConsent(handle.db, user, ticket, decision === "approve", clientIp(req.headers));
    if (!result.ok) return consentErrorPage(400, result.message);
    return new Response(null, { status: 303, headers: { location: result.redirect, "cache-control": "no-store" } });
  },
);
