// The Office's HR desk: staffing against the rules, the organisation as of a date, staff and their
// appointments, and the restructuring plans (đề án). Types come from the generated `paths` only.
import { api, unwrap } from "@/lib/api/client";
import type { BodyOf, ResponseOf } from "@/lib/api/types";

type Items<T> = T extends { items?: (infer I)[] | null } ? I : never;

export type Staffing = ResponseOf<"/api/v1/hr/staffing">;
export type StaffingRow = Items<Staffing>;
export type Violation = NonNullable<Staffing["violations"]>[number];
export type Rule = Items<ResponseOf<"/api/v1/hr/rules">>;
export type Unit = Items<ResponseOf<"/api/v1/hr/units">>;
export type Position = Items<ResponseOf<"/api/v1/hr/positions">>;
export type Staff = Items<ResponseOf<"/api/v1/hr/staff">>;
export type Appointment = Items<ResponseOf<"/api/v1/hr/appointments">>;
export type Plan = ResponseOf<"/api/v1/hr/restructurings/{plan_id}">;
export type PlanBody = BodyOf<"/api/v1/hr/restructurings">;
export type Preview = ResponseOf<"/api/v1/hr/restructurings/{plan_id}/preview">;

/** One step of a plan, as the contract writes them. */
export type Step =
  | { op: "create_unit"; code: string; name: string; kind: string; parent_code?: string }
  | { op: "rename_unit"; code: string; name: string }
  | { op: "merge_units"; from: string; into: string }
  | { op: "dissolve_unit"; code: string; successor_code?: string }
  | { op: "move_position"; position_id: number; to_unit: string; with_holder: boolean }
  | { op: "set_quota"; position_id: number; quota: number };

export const hrKeys = {
  all: ["hr-desk"] as const,
  staffing: (asOf: string) => ["hr-desk", "staffing", asOf] as const,
  rules: ["hr-desk", "rules"] as const,
  units: (asOf: string) => ["hr-desk", "units", asOf] as const,
  positions: ["hr-desk", "positions"] as const,
  staff: (unit?: string) => ["hr-desk", "staff", unit ?? "*"] as const,
  appointments: (staffId: number) => ["hr-desk", "appointments", staffId] as const,
  plans: ["hr-desk", "plans"] as const,
  plan: (id: number) => ["hr-desk", "plans", id] as const,
  preview: (id: number, updatedAt?: string | null) => ["hr-desk", "plans", id, "preview", updatedAt ?? ""] as const,
};

export const getStaffing = (asOf: string) => unwrap(api.GET("/api/v1/hr/staffing", { params: { query: { as_of: asOf } } }));
export const listRules = () => unwrap(api.GET("/api/v1/hr/rules"));
export const listUnits = (asOf: string) =>
  unwrap(api.GET("/api/v1/hr/units", { params: { query: { as_of: asOf, limit: 200 } } })).then((p) => p.items ?? []);
export const listPositions = () =>
  unwrap(api.GET("/api/v1/hr/positions", { params: { query: { limit: 200 } } })).then((p) => p.items ?? []);
export const listStaff = (unit?: string) =>
  unwrap(api.GET("/api/v1/hr/staff", { params: { query: { unit, limit: 200 } } })).then((p) => p.items ?? []);
export const listAppointments = (staffId: number) =>
  unwrap(api.GET("/api/v1/hr/appointments", { params: { query: { staff_id: staffId, limit: 200 } } })).then((p) => p.items ?? []);

export const listPlans = () => unwrap(api.GET("/api/v1/hr/restructurings", { params: { query: { limit: 200 } } }));
export const getPlan = (id: number) => unwrap(api.GET("/api/v1/hr/restructurings/{plan_id}", { params: { path: { plan_id: id } } }));
export const getPreview = (id: number) =>
  unwrap(api.GET("/api/v1/hr/restructurings/{plan_id}/preview", { params: { path: { plan_id: id } } }));
export const createPlan = (body: PlanBody) => unwrap(api.POST("/api/v1/hr/restructurings", { body }));
export const updatePlan = (id: number, body: PlanBody) =>
  unwrap(api.PATCH("/api/v1/hr/restructurings/{plan_id}", { params: { path: { plan_id: id } }, body }));
export const approvePlan = (id: number) =>
  unwrap(api.POST("/api/v1/hr/restructurings/{plan_id}/approve", { params: { path: { plan_id: id } } }));
export const applyPlan = (id: number) =>
  unwrap(api.POST("/api/v1/hr/restructurings/{plan_id}/apply", { params: { path: { plan_id: id } } }));
