// React Query key and option factories for the OAuth side of the panel (authorized apps).
import { queryOptions } from "@tanstack/react-query";
import { api } from "@/lib/client/api";

// The server's own DTO type (a type-only import is erased from the browser bundle), so the two cannot drift apart.
export type { AuthorizedAppDto } from "@/lib/oauth-server/authorized-apps";
import type { AuthorizedAppDto } from "@/lib/oauth-server/authorized-apps";

export const authorizedAppKeys = { all: ["authorized-apps"] as const };
export const authorizedAppsQuery = () =>
  queryOptions({
    queryKey: authorizedAppKeys.all,
    queryFn: () => api<{ apps: AuthorizedAppDto[] }>("/api/me/apps").then((r) => r.apps),
  });
