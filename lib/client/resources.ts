// React Query factories, one block per resource: query keys and options, and the mutations that change the resource
// (each invalidating what it changes). Components never build keys, fetch or cache updates inline.
import { infiniteQueryOptions, mutationOptions, queryOptions } from "@tanstack/react-query";
import { api } from "@/lib/client/api";
// The server's own DTO types (type-only imports are erased from the browser bundle), so the two cannot drift apart.
import type { NewTokenDto, TokenDto } from "@/lib/auth/personal-access-tokens";
import type { UserDto } from "@/lib/users/manage";
import type { AuditEventDto, AuditFilters, AuditPageDto } from "@/lib/audit/dto";

export type { AuditEventDto, AuditFilters, NewTokenDto, TokenDto, UserDto };

export const tokenKeys = { all: ["tokens"] as const };
export const tokensQuery = () =>
  queryOptions({
    queryKey: tokenKeys.all,
    queryFn: () => api<{ tokens: TokenDto[] }>("/api/me/tokens").then((r) => r.tokens),
  });
export const tokenMutations = {
  create: () =>
    mutationOptions({
      mutationFn: (input: { name: string; expiresInDays?: number }) =>
        api<NewTokenDto>("/api/me/tokens", { method: "POST", json: input }),
      onSuccess: (_t, _input, _r, { client }) => {
        void client.invalidateQueries({ queryKey: tokenKeys.all });
      },
    }),
  revoke: () =>
    mutationOptions({
      mutationFn: (t: Pick<TokenDto, "id" | "name">) => api<void>(`/api/me/tokens/${t.id}`, { method: "DELETE" }),
      onSuccess: (_v, _t, _r, { client }) => client.invalidateQueries({ queryKey: tokenKeys.all }),
    }),
};

export const userKeys = { all: ["users"] as const };
export const usersQuery = () =>
  queryOptions({ queryKey: userKeys.all, queryFn: () => api<{ users: UserDto[] }>("/api/users").then((r) => r.users) });
export const userMutations = {
  create: () =>
    mutationOptions({
      mutationFn: (input: { email: string; name: string; password: string; role: UserDto["role"] }) =>
        api<UserDto>("/api/users", { method: "POST", json: input }),
      onSuccess: (_u, _input, _r, { client }) => {
        void client.invalidateQueries({ queryKey: userKeys.all });
      },
    }),
  update: () =>
    mutationOptions({
      mutationFn: ({ id, patch }: { id: string; patch: Partial<Pick<UserDto, "role" | "disabled">> }) =>
        api<UserDto>(`/api/users/${id}`, { method: "PATCH", json: patch }),
      // Also after a refusal (the last admin): the list shows what the server holds.
      onSettled: (_u, _err, _v, _r, { client }) => client.invalidateQueries({ queryKey: userKeys.all }),
    }),
};

export const auditKeys = { all: ["audit"] as const, list: (f: AuditFilters) => ["audit", f] as const };
export const auditQuery = (f: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: auditKeys.list(f),
    queryFn: ({ pageParam }) => api<AuditPageDto>(auditPath(f, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

function auditPath(f: AuditFilters, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) params.set(k, v);
  if (cursor) params.set("cursor", cursor);
  const qs = params.toString();
  return `/api/audit${qs ? `?${qs}` : ""}`;
}
