/** An error the API answers with a status and a JSON body `{error}`. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
