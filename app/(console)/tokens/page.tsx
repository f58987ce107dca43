import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-guards";
import { TokensView } from "@/components/tokens/tokens-view";
import { appUrl } from "@/lib/env";

export const metadata: Metadata = { title: "Tokens" };

export default async function TokensPage() {
  await requirePageUser();
  return <TokensView apiBase={appUrl("/api")} />;
}
