// Switchboard's own URLs as an OAuth client of an upstream's authorization server (per registered server).
import { appUrl } from "@/lib/env";

export const callbackUrlFor = (serverId: string) => appUrl(`/api/servers/${serverId}/oauth2/callback`);
export const clientMetadataUrlFor = (serverId: string) => appUrl(`/api/servers/${serverId}/oauth2/client-metadata`);
