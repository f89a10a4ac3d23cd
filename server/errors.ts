/** Machine-readable code of each status the API answers with, for `{error, code}` bodies. */
const CODES: Record<number, string> = {
  400: "bad_request",
  404: "not_found",
  405: "method_not_allowed",
  408: "timeout",
  413: "too_large",
  415: "unsupported_type",
  422: "unprocessable",
  503: "no_database",
};

/** An error the API answers with a status and a JSON body `{error, code}`. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }

  /** Machine-readable reason derived from the status. */
  get code(): string {
    return CODES[this.status] ?? "error";
  }
}
