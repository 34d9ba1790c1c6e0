// The reform in figures, each as its service answers it: HR's staffing, fleet's pool and use,
// finance's budget report, the asset register. The dashboard adds nothing up itself.
import { api, unwrap } from "@/lib/api/client";
import type { ResponseOf } from "@/lib/api/types";

export type Staffing = ResponseOf<"/api/v1/hr/staffing">;
export type StaffingRow = NonNullable<Staffing["items"]>[number];
export type Utilization = ResponseOf<"/api/v1/fleet/utilization">;
export type BudgetReport = ResponseOf<"/api/v1/finance/reports/budgets">;
export type BudgetUnit = NonNullable<BudgetReport["units"]>[number];
export type Register = ResponseOf<"/api/v1/assets/reports/register">;
export type RegisterRow = NonNullable<Register["rows"]>[number];
export type RegisterUnit = NonNullable<Register["units"]>[number];

/** Categories of the register that are cars (what the boards held before the pool). */
export const CAR_CATEGORY = "car";

export const reformKeys = {
  staffing: ["leadership", "staffing"] as const,
  utilization: (from: string, to: string) => ["leadership", "utilization", from, to] as const,
  budgets: (year: number) => ["leadership", "budgets", year] as const,
  register: ["leadership", "register"] as const,
  units: ["leadership", "units"] as const,
};

export const staffing = () => unwrap(api.GET("/api/v1/hr/staffing", { params: { query: {} } }));
export const utilization = (from: string, to: string) =>
  unwrap(api.GET("/api/v1/fleet/utilization", { params: { query: { from, to } } }));
export const budgets = (year: number) =>
  unwrap(api.GET("/api/v1/finance/reports/budgets", { params: { query: { fiscal_year: year } } }));
export const register = () => unwrap(api.GET("/api/v1/assets/reports/register", { params: { query: {} } }));

/** Every unit's name by its code, as HR names it (units in force now). */
export const unitNames = () =>
  unwrap(api.GET("/api/v1/hr/units", { params: { query: { limit: 200 } } }))
    .then((p) => new Map((p.items ?? []).map((u) => [String(u.code), String(u.name ?? u.code)])));
