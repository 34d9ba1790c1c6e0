// Who is logged in: the gateway's `/auth/me` through the session cookie, shared by every feature.
import { useQuery } from "@tanstack/react-query";
import { api, setCsrfToken, unwrap } from "@/lib/api/client";
import type { ResponseOf } from "@/lib/api/types";

export type Me = ResponseOf<"/api/v1/auth/me">;
export type Role = "staff" | "unit_head" | "office_finance" | "office_assets" | "office_fleet" | "office_hr"
  | "leadership" | "auditor" | "admin";

export const ME_KEY = ["auth", "me"] as const;

/** Who the session cookie belongs to; with a cookie the gateway also gives the session's CSRF token. */
export async function fetchMe(): Promise<Me> {
  const me = await unwrap(api.GET("/api/v1/auth/me"));
  const csrf = (me as { csrf_token?: string }).csrf_token;
  if (csrf) setCsrfToken(csrf);
  return me;
}

/** The logged-in user (the shell only renders pages once this has an answer). */
export function useMe(): Me {
  const { data } = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Infinity });
  if (!data) throw new Error("useMe outside a logged-in page");
  return data;
}

export function hasRole(me: Pick<Me, "roles">, ...roles: Role[]): boolean {
  return me.roles.some((r) => (roles as string[]).includes(r));
}
