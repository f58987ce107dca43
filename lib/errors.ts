// The one error vocabulary: AppError codes, their HTTP statuses, and the JSON body every API answers with.
import { log, describeError } from "@/lib/log";

export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export type FieldErrors = Record<string, string>;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors };
}

export class AppError extends Error {
  override name = "AppError";
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;

  constructor(code: ErrorCode, message: string, fields?: FieldErrors) {
    super(message);
    this.code = code;
    this.fields = fields;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export const badRequest = (message: string, fields?: FieldErrors) => new AppError("bad_request", message, fields);
export const invalid = (fields: FieldErrors, message = "Some fields are invalid.") =>
  new AppError("validation_failed", message, fields);
export const unauthorized = (message = "Sign in or send a valid access token.") =>
  new AppError("unauthorized", message);
export const forbidden = (message = "You do not have permission to do this.") => new AppError("forbidden", message);
export const notFound = (what = "Resource") => new AppError("not_found", `${what} not found.`);
export const conflict = (message: string, fields?: FieldErrors) => new AppError("conflict", message, fields);

/** Turns any thrown value into a JSON Response; unexpected errors are logged and answered generically. */
export function errorResponse(err: unknown, headers?: HeadersInit): Response {
  if (err instanceof AppError) {
    return Response.json(err.toBody(), { status: err.status, headers });
  }
  log.error("unhandled error", { error: describeError(err) });
  const body: ErrorBody = { error: { code: "internal", message: "Something went wrong. The server log has details." } };
  return Response.json(body, { status: 500, headers });
}
