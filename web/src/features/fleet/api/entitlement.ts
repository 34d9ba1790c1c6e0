// The Office's cars against its entitlement (NĐ 72/2023 Art 11), the leadership's exceptions (and
// their withdrawal), and the cars due for replacement (Art 3.4) with their reasons.
import { api, unwrap } from "@/lib/api/client";
import type { BodyOf, ItemOf, ResponseOf } from "@/lib/api/types";
import { ruleMessage } from "@/lib/messages";

export { getVehicle } from "./fleet";

export type Entitlement = ResponseOf<"/api/v1/fleet/car-entitlement">;
export type EntitlementLine = NonNullable<Entitlement["breakdown"]>[number];
export type CarLimitException = ItemOf<"/api/v1/fleet/car-entitlement/exceptions">;
export type NewException = BodyOf<"/api/v1/fleet/car-entitlement/exceptions">;
export type Vehicle = ResponseOf<"/api/v1/fleet/vehicles/{vehicle_id}">;

/** One condition of Art 3.4 the car meets, with its figures (the OpenAPI leaves `replacement` untyped). */
export type ReplacementReason = { code: string } & Record<string, unknown>;
export type Replacement = { due: boolean; reasons: ReplacementReason[] };

export const entitlementKeys = {
  all: ["fleet", "car-entitlement"] as const,
  exceptions: ["fleet", "car-entitlement", "exceptions"] as const,
  vehicle: (id: number) => ["fleet", "vehicle", id] as const,
};

export const getEntitlement = () => unwrap(api.GET("/api/v1/fleet/car-entitlement", { params: { query: {} } }));

export const recordException = (body: NewException) =>
  unwrap(api.POST("/api/v1/fleet/car-entitlement/exceptions", { body }));

/** The exceptions, the withdrawn ones too, newest first, 50 at a time. */
export const listExceptions = (cursor?: string | null) =>
  unwrap(api.GET("/api/v1/fleet/car-entitlement/exceptions", { params: { query: { cursor: cursor ?? undefined, limit: 50 } } }));

export const withdrawException = (id: number, reason: string) =>
  unwrap(api.POST("/api/v1/fleet/car-entitlement/exceptions/{exception_id}/withdraw", {
    params: { path: { exception_id: id } }, body: { reason },
  }));

export function replacementOf(vehicle: Vehicle | undefined): Replacement {
  const r = vehicle?.replacement as Partial<Replacement> | null | undefined;
  return { due: !!r?.due, reasons: Array.isArray(r?.reasons) ? r.reasons : [] };
}

/** A reason of Art 3.4 as a Vietnamese sentence with its figures (the share of the cost as a percentage). */
export function reasonText(r: ReplacementReason): string {
  const ratio = typeof r.ratio === "number" ? r.ratio : undefined;
  return ruleMessage(r.code, { ...r, percent: ratio === undefined ? undefined : Math.round(ratio * 100) }) ?? r.code;
}
