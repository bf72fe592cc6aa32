export interface ErrorItem {
  message: string;
  field?: string;
}

/**
 * The one error type of the platform. `status` is the HTTP status the error handler answers with;
 * `catastrophic` marks errors that leave the process in a state it should not keep running in.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly items: ErrorItem[] = [{ message }],
    readonly catastrophic = false,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, field?: string) =>
  new AppError(400, message, [{ message, ...(field ? { field } : {}) }]);
export const validationFailed = (items: ErrorItem[]) =>
  new AppError(400, items[0]?.message ?? 'Invalid request', items);
export const notSignedIn = (message = 'Not signed in') => new AppError(401, message);
export const forbidden = (message = 'Not allowed') => new AppError(403, message);
export const notFound = (message = 'Not found') => new AppError(404, message);
export const conflict = (message: string, field?: string) =>
  new AppError(409, message, [{ message, ...(field ? { field } : {}) }]);
export const paymentDeclined = (message: string) => new AppError(402, message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(429, 'Too many requests, try again later', undefined, false, {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
