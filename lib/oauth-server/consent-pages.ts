// The plain HTML page the consent endpoint answers with when it cannot redirect back to the client.
import { AppError } from "@/lib/errors";
import { escapeHtml, STANDALONE_PAGE_CSS } from "@/lib/http/standalone-page";
import { describeError, log } from "@/lib/log";

export function consentErrorPage(status: number, message: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Authorization failed — Switchboard</title>
<style>${STANDALONE_PAGE_CSS}</style></head>
<body><main><h1 class="error">Authorization failed</h1><p role="alert">${escapeHtml(message)}</p><p><a class="btn" href="/">Back to Switchboard</a></p></main></body></html>`;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    },
  });
}

/** The consent endpoint's failure answer (route()'s `failure`): a page the user can read, never JSON. */
export function consentFailure(err: unknown): Response {
  if (err instanceof AppError) {
    switch (err.code) {
      case "forbidden":
        return consentErrorPage(403, "This approval did not come from Switchboard's own page, so it was ignored.");
      case "unauthorized":
        return consentErrorPage(401, "Your session ended. Start again from the application.");
      case "payload_too_large":
        return consentErrorPage(413, "The approval form was too large.");
    }
  }
  log.error("consent decision failed", { error: describeError(err) });
  return consentErrorPage(500, "Something went wrong. Start again from the application.");
}
