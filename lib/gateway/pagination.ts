// Opaque cursors for the gateway's tools/list: the position in the (deterministically ordered) union of tools.

export const TOOLS_PAGE_SIZE = 100;
const PREFIX = "sbc1.";

export class InvalidCursorError extends Error {
  override name = "InvalidCursorError";
}

function encode(offset: number): string {
  return PREFIX + Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}

function decode(cursor: string): number {
  if (!cursor.startsWith(PREFIX) || cursor.length > 200) throw new InvalidCursorError("Invalid cursor.");
  try {
    const parsed = JSON.parse(Buffer.from(cursor.slice(PREFIX.length), "base64url").toString()) as { o?: unknown };
    if (typeof parsed.o === "number" && Number.isSafeInteger(parsed.o) && parsed.o > 0) return parsed.o;
  } catch {
    // fall through
  }
  throw new InvalidCursorError("Invalid cursor.");
}

/**
 * One page of `items` starting where `cursor` points. The gateway is stateless, so the cursor carries the position
 * itself; if the union shrank between pages, the client gets the remainder (possibly empty), never an error.
 */
export function paginate<T>(
  items: readonly T[],
  cursor: string | undefined,
  pageSize = TOOLS_PAGE_SIZE,
): { page: T[]; nextCursor?: string } {
  const start = cursor === undefined ? 0 : decode(cursor);
  const end = start + pageSize;
  const page = items.slice(start, end);
  return end < items.length ? { page, nextCursor: encode(end) } : { page };
}
