// Styles for the few HTML pages served outside the React console (Connect popup results, consent errors), matching
// the console's colours in light and dark; these pages have strict CSPs and no access to app/globals.css.
export const STANDALONE_PAGE_CSS = [
  ":root{color-scheme:light dark;--bg:#f6f7f9;--surface:#fff;--border:#e1e3e8;--text:#17181c;--muted:#5d606a;--accent:#3553d6;--danger:#b42d26}",
  "@media (prefers-color-scheme:dark){:root{--bg:#111216;--surface:#1a1b20;--border:#2e3038;--text:#eceef3;--muted:#a2a5b1;--accent:#8599ff;--danger:#ff7b73}}",
  "body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--bg);color:var(--text);font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
  "main{background:var(--surface);border:1px solid var(--border);border-radius:8px;padding:1.75rem;max-width:28rem;margin:1rem}",
  "h1{font-size:1.25rem;margin:0 0 .5rem}.error{color:var(--danger)}.muted{color:var(--muted)}",
  "a.btn{display:inline-block;padding:.45rem .9rem;border:1px solid var(--accent);border-radius:6px;text-decoration:none;color:var(--accent)}",
  "a.btn:focus-visible{outline:2px solid var(--accent);outline-offset:2px}",
].join("\n");

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
