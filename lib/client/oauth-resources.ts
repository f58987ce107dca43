// React Query factories for the OAuth side of the panel (authorized apps): keys, query options and mutations.
import { mutationOptions, queryOptions } from "@tanstack/react-query";
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
export const authorizedAppMutations = {
  revoke: () =>
    mutationOptions({
      mutationFn: (a: Pick<AuthorizedAppDto, "id" | "name">) => api<void>(`/api/me/apps/${a.id}`, { method: "DELETE" }),
      onSettled: (_v, _err, _a, _r, { client }) => client.invalidateQueries({ queryKey: authorizedAppKeys.all }),
    }),
};
