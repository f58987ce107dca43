/** The server's icon, or its initial when it has none (decorative: the name is always shown beside it). */
export function ServerIcon({ name, iconUrl, size = 28 }: { name: string; iconUrl: string | null; size?: number }) {
  if (iconUrl) {
    // eslint-disable-next-line @next/next/no-img-element -- admin-supplied remote icons; next/image would need every host configured
    return <img className="server-icon" src={iconUrl} alt="" width={size} height={size} referrerPolicy="no-referrer" />;
  }
  return (
    <span className="server-icon server-icon-letter" aria-hidden="true" style={{ width: size, height: size }}>
      {name.trim().charAt(0).toUpperCase() || "?"}
    </span>
  );
}
