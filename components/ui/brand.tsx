import Link from "next/link";

/** The product mark: a small switchboard glyph (inline SVG, no external assets) and the name. */
export function Brand({ href = "/" }: { href?: string | null }) {
  const mark = (
    <>
      <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <rect x="1.5" y="1.5" width="21" height="21" rx="6" fill="currentColor" opacity="0.14" />
        <path
          d="M7 8h4l2 8h4"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
        <circle cx="7" cy="8" r="2" fill="currentColor" />
        <circle cx="17" cy="16" r="2" fill="currentColor" />
      </svg>
      <span>Switchboard</span>
    </>
  );
  return href ? (
    <Link className="brand" href={href}>
      {mark}
    </Link>
  ) : (
    <span className="brand">{mark}</span>
  );
}
