import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-guards";
import { env, oidcEnabled } from "@/lib/env";
import { ConnectionsView } from "@/components/connections/connections-view";

export const metadata: Metadata = { title: "Connections" };

export default async function ConnectionsPage() {
  await requirePageUser();
  return <ConnectionsView oidcName={oidcEnabled() ? env().OIDC_NAME : null} />;
}
