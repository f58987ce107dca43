// React Query key and option factories, one block per resource (components never build keys inline).
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { api } from "@/lib/client/api";

export interface Me {
  id: string;
  email: string;
  name: string;
  role: "admin" | "member";
}
export interface TokenDto {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}
export interface NewTokenDto {
  id: string;
  name: string;
  token: string;
  createdAt: string;
  expiresAt: string | null;
}
export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: "admin" | "member";
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
}
export interface AuditEventDto {
  id: number;
  createdAt: string;
  kind: string;
  actorId: string | null;
  actorLabel: string | null;
  via: string | null;
  targetType: string | null;
  targetId: string | null;
  serverId: string | null;
  tool: string | null;
  outcome: string;
  durationMs: number | null;
  ip: string | null;
  details: Record<string, unknown>;
}
export interface AuditFilters {
  actor?: string;
  kind?: string;
  server?: string;
  tool?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

export const meKeys = { all: ["me"] as const };
export const meQuery = () => queryOptions({ queryKey: meKeys.all, queryFn: () => api<Me>("/api/me") });

export const tokenKeys = { all: ["tokens"] as const };
export const tokensQuery = () =>
  queryOptions({
    queryKey: tokenKeys.all,
    queryFn: () => api<{ tokens: TokenDto[] }>("/api/me/tokens").then((r) => r.tokens),
  });

export const userKeys = { all: ["users"] as const };
export const usersQuery = () =>
  queryOptions({ queryKey: userKeys.all, queryFn: () => api<{ users: UserDto[] }>("/api/users").then((r) => r.users) });

export const auditKeys = { all: ["audit"] as const, list: (f: AuditFilters) => ["audit", f] as const };
export interface AuditPage {
  events: AuditEventDto[];
  nextCursor: string | null;
}
export const auditQuery = (f: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: auditKeys.list(f),
    queryFn: ({ pageParam }) => api<AuditPage>(auditPath(f, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export function auditPath(f: AuditFilters, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) params.set(k, v);
  if (cursor) params.set("cursor", cursor);
  const qs = params.toString();
  return `/api/audit${qs ? `?${qs}` : ""}`;
}
