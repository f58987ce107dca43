import type { PopupNotice } from "@/components/connections/use-connect-popup";

export function PopupNoticeAlert({ notice }: { notice: PopupNotice | undefined }) {
  if (!notice) return null;
  return (
    <div
      className={`alert alert-${notice.tone}`}
      role={notice.tone === "ok" ? "status" : "alert"}
      data-testid="connections-notice"
    >
      {notice.text}{" "}
      {notice.link && (
        <a href={notice.link} target="_blank" rel="noopener">
          Open the sign-in page
        </a>
      )}
    </div>
  );
}
