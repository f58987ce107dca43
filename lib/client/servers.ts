// React Query factories for registered servers, their connection tests and each user's connections: keys, query
// options, and the mutations that change them (each updating or invalidating what it changes).
import { mutationOptions, queryOptions } from "@tanstack/react-query";
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

export const serverMutations = {
  /** Creates a server (no id) or saves the changed fields of one. */
  save: () =>
    mutationOptions({
      mutationFn: ({ id, body }: { id?: string; body: Record<string, unknown> }) =>
        id
          ? api<AdminServerDto>(`/api/servers/${id}`, { method: "PATCH", json: body })
          : api<AdminServerDto>("/api/servers", { method: "POST", json: body }),
      onSuccess: (saved, _v, _r, { client }) => {
        client.setQueryData(serverKeys.detail(saved.id), saved);
        void client.invalidateQueries({ queryKey: serverKeys.all });
      },
    }),
  remove: () =>
    mutationOptions({
      mutationFn: (id: string) => api<void>(`/api/servers/${id}`, { method: "DELETE" }),
      onSuccess: (_v, id, _r, { client }) => {
        client.removeQueries({ queryKey: serverKeys.detail(id) });
        void client.invalidateQueries({ queryKey: serverKeys.all });
      },
    }),
  rediscover: () =>
    mutationOptions({
      mutationFn: (id: string) => api<AdminServerDto>(`/api/servers/${id}/oauth2/discover`, { method: "POST" }),
      onSuccess: (saved, id, _r, { client }) => {
        client.setQueryData(serverKeys.detail(id), saved);
        void client.invalidateQueries({ queryKey: serverKeys.all });
      },
    }),
  /** Changes nothing (the audit log aside), so nothing is invalidated. */
  test: () =>
    mutationOptions({
      mutationFn: (id: string) => api<ConnectionTestResult>(`/api/servers/${id}/test`, { method: "POST" }),
    }),
};

export const connectionMutations = {
  disconnect: () =>
    mutationOptions({
      mutationFn: (s: Pick<ServerDto, "id" | "displayName">) =>
        api<void>(`/api/servers/${s.id}/oauth2/disconnect`, { method: "DELETE" }),
      onSettled: (_v, _err, _s, _r, { client }) => client.invalidateQueries({ queryKey: serverKeys.all }),
    }),
  /** The caller's opt-out of a default_on server or opt-in to a default_off one. */
  select: () =>
    mutationOptions({
      mutationFn: ({ id, selected }: { id: string; selected: boolean }) =>
        api<ServerDto>(`/api/me/servers/${id}/selection`, { method: "PUT", json: { selected } }),
      // Also after a failure, so the switch shows what the server holds once the mutation ends.
      onSettled: (_v, _err, _s, _r, { client }) => client.invalidateQueries({ queryKey: serverKeys.all }),
    }),
};

export const isAdminView = (s: ServerDto): s is AdminServerDto => "url" in s;

export const availabilityLabels: Record<ServerDto["availability"], { label: string; hint: string }> = {
  force_on: { label: "Always on", hint: "On for everyone; users cannot switch it off." },
  default_on: { label: "On by default", hint: "On for everyone unless a user switches it off." },
  default_off: { label: "Off by default", hint: "Off unless a user switches it on (or a client asks for it by name)." },
};
