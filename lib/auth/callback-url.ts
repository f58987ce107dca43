// Post-sign-in destinations: only paths on this site, so a crafted link cannot bounce a user elsewhere.
export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}
