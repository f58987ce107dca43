import { describe, expect, it } from "vitest";
import { InvalidCursorError, paginate } from "@/lib/gateway/pagination";

const items = Array.from({ length: 25 }, (_, i) => i);

describe("tools/list pagination", () => {
  it("walks the whole list with opaque cursors and ends without one", () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = paginate(items, cursor, 10);
      seen.push(...r.page);
      cursor = r.nextCursor;
      pages++;
      if (cursor) expect(cursor).not.toMatch(/^\d+$/);
    } while (cursor);
    expect(seen).toEqual(items);
    expect(pages).toBe(3);
  });

  it("answers a short list in one page", () => {
    expect(paginate(items, undefined, 100)).toEqual({ page: items });
  });

  it("rejects cursors it did not issue", () => {
    for (const bad of ["10", "sbc1.", "sbc1.bm9wZQ", "sbc1." + Buffer.from('{"o":-1}').toString("base64url")]) {
      expect(() => paginate(items, bad, 10)).toThrow(InvalidCursorError);
    }
  });
});
