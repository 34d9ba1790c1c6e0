// The gateway's users: who may log in, where they belong, their roles and their HR staff record.
import { api, unwrap } from "@/lib/api/client";
import type { BodyOf, ResponseOf } from "@/lib/api/types";

export type User = NonNullable<ResponseOf<"/api/v1/admin/users">["items"]>[number];
export type NewUser = BodyOf<"/api/v1/admin/users">;
export type UserChange = BodyOf<"/api/v1/admin/users/{username}", "patch">;
export type Role = NonNullable<NewUser["roles"]>[number];

export const ROLES: Role[] = ["staff", "unit_head", "office_finance", "office_assets", "office_fleet", "office_hr", "leadership", "auditor", "admin"];

export const userKeys = { all: ["admin", "users"] as const, staff: (id: number) => ["admin", "staff", id] as const };

export const listUsers = () => unwrap(api.GET("/api/v1/admin/users", { params: { query: { limit: 200 } } })).then((p) => p.items ?? []);
export const createUser = (body: NewUser) => unwrap(api.POST("/api/v1/admin/users", { body }));
export const changeUser = (username: string, body: UserChange) =>
  unwrap(api.PATCH("/api/v1/admin/users/{username}", { params: { path: { username } }, body }));
export const staffName = (id: number) =>
  unwrap(api.GET("/api/v1/hr/staff/{staff_id}", { params: { path: { staff_id: id } } })).then((s) => `${s.full_name} (${s.unit})`);
