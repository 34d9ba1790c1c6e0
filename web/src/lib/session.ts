// Who is logged in: the gateway's `/auth/me` through the session cookie, shared by every feature.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { ResponseOf } from "@/lib/api/types";

export type Me = ResponseOf<"/api/v1/auth/me">;
export type Role = "staff" | "unit_head" | "office_finance" | "office_assets" | "office_fleet" | "office_hr"
  | "leadership" | "auditor" | "admin";

export const ME_KEY = ["auth", "me"] as const;

export function fetchMe(): Promise<Me> {
  return unwrap(api.GET("/api/v1/auth/me"));
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
