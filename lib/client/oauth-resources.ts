// React Query key and option factories for the OAuth side of the panel (authorized apps).
import { queryOptions } from "@tanstack/react-query";
import { api } from "@/lib/client/api";

export interface AuthorizedAppDto {
  id: string;
  clientId: string;
  name: string;
  verifiedHost: string | null;
  redirectHosts: string[];
  scopes: string[];
  approvedAt: string;
  lastUsedAt: string | null;
}

export const authorizedAppKeys = { all: ["authorized-apps"] as const };
export const authorizedAppsQuery = () =>
  queryOptions({
    queryKey: authorizedAppKeys.all,
    queryFn: () => api<{ apps: AuthorizedAppDto[] }>("/api/me/apps").then((r) => r.apps),
  });
