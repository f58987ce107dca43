// Convenience redirect of signed-out visitors to /login. NOT a security boundary: every page and route checks itself.
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(req: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => req.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const login = req.nextUrl.clone();
  login.pathname = "/login";
  login.search = "";
  const back = req.nextUrl.pathname + req.nextUrl.search;
  if (back !== "/") login.searchParams.set("callbackUrl", back);
  return NextResponse.redirect(login);
}

export const config = {
  // Console pages only; APIs, auth, set-up, OAuth and static files answer for themselves.
  matcher: ["/((?!api|login|setup|oauth|\\.well-known|_next|favicon.ico).*)"],
};
