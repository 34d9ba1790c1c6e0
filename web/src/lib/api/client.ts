// The one API client: openapi-fetch typed by the generated paths. The browser session is the
// gateway's HttpOnly cookie; every state-changing call carries the CSRF token it gave at login.
import createClient, { type Middleware } from "openapi-fetch";
import { ApiProblem, type ProblemDocument } from "./problem";
import type { ApiPaths } from "./types";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
// Kept in memory only: after a reload `/auth/me` (with the cookie) gives it again.
let csrfToken: string | null = null;
let onExpired: (() => void) | null = null;

/** Remember the CSRF token of the session (the credential is the HttpOnly cookie, which script cannot read). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API answers 401: the session ended (expired, logged out elsewhere, password changed). */
export function onSessionExpired(handler: (() => void) | null): void {
  onExpired = handler;
}

const session: Middleware = {
  onRequest({ request }) {
    if (!SAFE.has(request.method) && csrfToken) request.headers.set("X-CSRF-Token", csrfToken);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.includes("/api/v1/auth/session")) onExpired?.();
    return response;
  },
};

export const api = createClient<ApiPaths>({ baseUrl: "", credentials: "same-origin" });
api.use(session);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The data of an answer, or an ApiProblem carrying the problem document. */
export async function unwrap<T>(pending: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok) return data as T;
  const problem: ProblemDocument =
    error && typeof error === "object" ? (error as ProblemDocument) : { status: response.status, title: response.statusText };
  throw new ApiProblem(response.status, problem);
}
