import { formatDate } from "@/lib/client/format";

/** A timestamp for tables and lists: local, medium length, never wrapped; the exact instant on hover. */
export function DateTime({ iso, fallback = "Never" }: { iso: string | null | undefined; fallback?: string }) {
  if (!iso) return <span className="muted">{fallback}</span>;
  return (
    <time className="nowrap" dateTime={iso} title={new Date(iso).toISOString()}>
      {formatDate(iso)}
    </time>
  );
}
