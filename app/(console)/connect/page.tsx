import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-guards";
import { ConnectView } from "@/components/oauth/connect-view";
import { mcpResourceUrl } from "@/lib/oauth-server/config";

export const metadata: Metadata = { title: "Connect a client" };

export default async function ConnectPage() {
  await requirePageUser();
  return <ConnectView mcpUrl={mcpResourceUrl()} />;
}
