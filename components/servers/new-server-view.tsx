"use client";

import { useRouter } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { ServerForm } from "@/components/servers/server-form";

export function NewServerView() {
  const router = useRouter();
  return (
    <>
      <PageHeader
        crumbs={[{ href: "/servers", label: "Servers" }]}
        title="Add a server"
        description="Register an external MCP server. New servers start disabled, so you can test them before users see them."
      />
      <ServerForm onSaved={(saved) => router.push(`/servers/${saved.id}?created=1`)} />
    </>
  );
}
