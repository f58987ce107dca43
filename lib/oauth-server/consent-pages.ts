// The plain HTML page the consent endpoint answers with when it cannot redirect back to the client.
import { escapeHtml, STANDALONE_PAGE_CSS } from "@/lib/http/standalone-page";

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
