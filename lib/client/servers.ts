// React Query keys and options for registered servers, their connection tests and per-user connections.
import { queryOptions } from "@tanstack/react-query";
import { api } from "@/lib/client/api";
import type { AdminServerDto, MemberServerDto } from "@/lib/registry/dto";
import type { ConnectionTestResult } from "@/lib/registry/connection-test";

export type { AdminServerDto, MemberServerDto, ConnectionTestResult };
export type ServerDto = MemberServerDto | AdminServerDto;

export const serverKeys = {
  all: ["servers"] as const,
  list: () => ["servers", "list"] as const,
  detail: (id: string) => ["servers", "detail", id] as const,
};

export const serversQuery = () =>
  queryOptions({
    queryKey: serverKeys.list(),
    queryFn: () => api<{ servers: ServerDto[] }>("/api/servers").then((r) => r.servers),
  });

export const serverQuery = (id: string) =>
  queryOptions({ queryKey: serverKeys.detail(id), queryFn: () => api<AdminServerDto>(`/api/servers/${id}`) });

export const isAdminView = (s: ServerDto): s is AdminServerDto => "url" in s;

export const availabilityLabels: Record<ServerDto["availability"], { label: string; hint: string }> = {
  force_on: { label: "Always on", hint: "On for everyone; users cannot switch it off." },
  default_on: { label: "On by default", hint: "On for everyone unless a user switches it off." },
  default_off: { label: "Off by default", hint: "Off unless a user switches it on (or a client asks for it by name)." },
};
