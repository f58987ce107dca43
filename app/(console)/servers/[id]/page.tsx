import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageAdmin } from "@/lib/auth/page-guards";
import { ServerEditView } from "@/components/servers/server-edit-view";
import { callbackUrlFor } from "@/lib/upstream/oauth-client-urls";

export const metadata: Metadata = { title: "Server" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ServerPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string }>;
}) {
  await requirePageAdmin();
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const { created } = await searchParams;
  return (
    <ServerEditView
      id={id.toLowerCase()}
      created={created === "1"}
      oauthCallbackUrl={callbackUrlFor(id.toLowerCase())}
    />
  );
}
