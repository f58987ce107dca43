// The small HTML pages of the Connect popup (strict CSP), which tell the opener — this app's origin only — how it ended.
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { escapeHtml as esc, STANDALONE_PAGE_CSS } from "@/lib/http/standalone-page";

export const OAUTH_COMPLETE_MESSAGE = "switchboard:oauth-complete";
export const OAUTH_FAILED_MESSAGE = "switchboard:oauth-failed";

/** JSON safe to embed in a script element. */
const scriptJson = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

export interface PopupPageOptions {
  status: number;
  title: string;
  message: string;
  /** A "Try again" link (the connect route). */
  retryUrl?: string;
  /** Tell the opener how it ended; on success the popup also closes itself. */
  notify?: { type: typeof OAUTH_COMPLETE_MESSAGE | typeof OAUTH_FAILED_MESSAGE; serverId: string; message?: string };
  headers?: Headers;
}

export function popupPage(opts: PopupPageOptions): Response {
  const nonce = randomBytes(16).toString("base64");
  const success = opts.notify?.type === OAUTH_COMPLETE_MESSAGE;
  const script = opts.notify
    ? `<script nonce="${nonce}">(function(){var d=${scriptJson(opts.notify)};var o=window.opener;` +
      `if(o&&!o.closed){try{o.postMessage(d,${scriptJson(env().SWITCHBOARD_URL)});}catch(e){}` +
      (success ? `window.close();` : "") +
      `}var has=o&&!o.closed,h=document.getElementById("no-opener"),c=document.getElementById("closing");` +
      `if(h)h.hidden=!!has;if(c)c.hidden=!has;})();</script>`
    : "";
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${esc(opts.title)} · Switchboard</title>
<style nonce="${nonce}">${STANDALONE_PAGE_CSS}</style>
</head><body><main>
<h1${success ? "" : ' class="error"'}>${esc(opts.title)}</h1>
<p role="${success ? "status" : "alert"}">${esc(opts.message)}</p>
${success ? `<p id="closing" class="muted" hidden>This window closes by itself.</p><p id="no-opener" hidden>Connected — you may close this window.</p>` : ""}
${opts.retryUrl ? `<p><a class="btn" href="${esc(opts.retryUrl)}">Try again</a></p>` : ""}
</main>${script}</body></html>`;
  const headers = new Headers(opts.headers);
  headers.set("content-type", "text/html; charset=utf-8");
  headers.set("cache-control", "no-store");
  headers.set("referrer-policy", "no-referrer");
  headers.set(
    "content-security-policy",
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  return new Response(html, { status: opts.status, headers });
}
