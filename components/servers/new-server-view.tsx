"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { ServerForm } from "@/components/servers/server-form";

export function NewServerView() {
  const router = useRouter();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Add a server</h1>
          <p className="muted">
            <Link href="/servers">Servers</Link> / new. New servers start disabled, so you can test them before users see them.
          </p>
        </div>
      </div>
      <ServerForm onSaved={(saved) => router.push(`/servers/${saved.id}?created=1`)} />
    </>
  );
}
