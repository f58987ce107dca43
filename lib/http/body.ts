// Reading what a request carries — a JSON body (size-capped), query parameters, an id segment — into typed values or
// the house errors (400 with field messages, 404 for an id that names nothing, 413 for an oversize body).
import "server-only";
import type { z } from "zod";
import { AppError, badRequest, invalid, type FieldErrors } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

const MAX_BODY_BYTES = 256 * 1024;
const tooLargeError = () => new AppError("payload_too_large", "The request body is too large.");

/**
 * Reads the body as text, stopping at the cap instead of buffering whatever a client sends (every endpoint that
 * reads a body goes through this, the public OAuth ones included). `tooLarge` builds the endpoint's own error.
 */
export async function readCappedText(
  req: Request,
  maxBytes: number,
  tooLarge: () => Error = tooLargeError,
): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** How an endpoint words a body it cannot read (the OAuth endpoints answer in their own vocabulary). */
export interface BodyErrors {
  notJson: () => Error;
  tooLarge: () => Error;
  malformed: () => Error;
}

const houseBodyErrors: BodyErrors = {
  notJson: () => badRequest("Send a JSON body (Content-Type: application/json)."),
  tooLarge: tooLargeError,
  malformed: () => badRequest("The request body is not valid JSON."),
};

/** The parsed JSON body, unvalidated: a JSON media type, at most `maxBytes`, well-formed. */
export async function readJsonBody(
  req: Request,
  maxBytes = MAX_BODY_BYTES,
  errors: BodyErrors = houseBodyErrors,
): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) throw errors.notJson();
  const text = await readCappedText(req, maxBytes, errors.tooLarge);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw errors.malformed();
  }
}

export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const parsed = schema.safeParse(await readJsonBody(req));
  if (!parsed.success) throw invalid(fieldErrors(parsed.error));
  return parsed.data;
}

export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw invalid(fieldErrors(parsed.error), "Some query parameters are invalid.");
  return parsed.data;
}

export function readId(value: string, what = "Resource"): string {
  if (!isUuid(value)) {
    throw new AppError("not_found", `${what} not found.`);
  }
  return value.toLowerCase();
}
