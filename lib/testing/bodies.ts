// Request bodies for tests of size limits: produced only as they are read, counting what the reader pulled.
export function lazyBody(total: number, chunk = 16 * 1024) {
  const pulled = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      const n = Math.min(chunk, total - pulled.bytes);
      pulled.bytes += n;
      controller.enqueue(new Uint8Array(n).fill(0x61));
    },
  });
  return { stream, pulled };
}

/** A POST with a (possibly streamed) body. */
export function postRequest(
  url: string,
  contentType: string,
  body: BodyInit,
  headers: Record<string, string> = {},
): Request {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": contentType, ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}
