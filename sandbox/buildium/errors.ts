/** Buildium's error body (ApiErrorResponse): a sentence for people, a code, and per-field problems. */
export interface ApiErrorBody {
  UserMessage: string;
  ErrorCode: string;
  Errors: Array<{ Key: string; Value: string }>;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: Array<{ Key: string; Value: string }> = [],
  ) {
    super(message);
  }
  body(): ApiErrorBody {
    return { UserMessage: this.message, ErrorCode: this.code, Errors: this.errors };
  }
}

export const badRequest = (key: string, value: string): ApiFailure => new ApiFailure(400, 'BadRequest', `The request is invalid: ${value}`, [{ Key: key, Value: value }]);
export const notFound = (what: string, id: number | string): ApiFailure => new ApiFailure(404, 'NotFound', `${what} ${id} was not found.`);
