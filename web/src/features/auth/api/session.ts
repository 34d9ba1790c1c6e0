import { api, setCsrfToken, unwrap } from "@/lib/api/client";
import type { BodyOf } from "@/lib/api/types";

export type Credentials = BodyOf<"/api/v1/auth/session">;
export type PasswordChange = BodyOf<"/api/v1/auth/password">;

/** Open a browser session: the gateway sets the HttpOnly cookie, we keep its CSRF token. */
export async function login(credentials: Credentials) {
  const answer = await unwrap(api.POST("/api/v1/auth/session", { body: credentials }));
  setCsrfToken(answer.csrf_token);
  return answer.me;
}

export function changePassword(change: PasswordChange) {
  return unwrap(api.POST("/api/v1/auth/password", { body: change }));
}
