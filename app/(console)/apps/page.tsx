import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-guards";
import { AuthorizedAppsView } from "@/components/oauth/authorized-apps-view";

export const metadata: Metadata = { title: "Authorized apps" };

export default async function AuthorizedAppsPage() {
  await requirePageUser();
  return <AuthorizedAppsView />;
}
