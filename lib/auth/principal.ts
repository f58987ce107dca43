// Who is calling: a signed-in user plus how they authenticated (session cookie, personal access token, OAuth client).
import type { User } from "@/lib/db/schema";

export type Via =
  { kind: "session" } | { kind: "pat"; tokenId: string } | { kind: "oauth"; clientId: string; scopes: string[] };

export interface Principal {
  user: User;
  via: Via;
}

/** The audit log's "via" column. */
export function viaLabel(via: Via): string {
  switch (via.kind) {
    case "session":
      return "session";
    case "pat":
      return `pat:${via.tokenId}`;
    case "oauth":
      return via.clientId;
  }
}

export function auditActor(p: Principal) {
  return { actorId: p.user.id, actorLabel: p.user.email, via: viaLabel(p.via) };
}
