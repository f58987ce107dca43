// The Auth.js instance. Its configuration is built lazily per request, so `next build` reads no secret.
import "server-only";
import NextAuth from "next-auth";
import { applyAuthUrl } from "@/lib/env";
import { buildAuthConfig } from "@/lib/auth/config";

export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  applyAuthUrl();
  return buildAuthConfig();
});
