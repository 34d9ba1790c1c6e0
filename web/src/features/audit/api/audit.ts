// The gateway's access audit (who asked what, when, with which answer), for the inspectors.
import { api, unwrap } from "@/lib/api/client";
import type { QueryOf, ResponseOf } from "@/lib/api/types";

export type AuditFilter = QueryOf<"/api/v1/admin/audit">;
export type AuditEntry = NonNullable<ResponseOf<"/api/v1/admin/audit">["items"]>[number];

export const auditKeys = { list: (filter: AuditFilter) => ["audit", filter] as const };

export const listAudit = (filter: AuditFilter, cursor?: string | null) =>
  unwrap(api.GET("/api/v1/admin/audit", { params: { query: { ...filter, cursor: cursor ?? undefined, limit: 100 } } }));

// A record's page in the console, where its decision history is shown.
const RECORD_PAGES: [RegExp, (id: string) => string][] = [
  [/^\/api\/v1\/fleet\/bookings\/(\d+)/, (id) => `/de-nghi/dat-xe/${id}`],
  [/^\/api\/v1\/finance\/expenses\/(\d+)/, (id) => `/de-nghi/de-nghi-chi/${id}`],
  [/^\/api\/v1\/assets\/procurements\/(\d+)/, (id) => `/de-nghi/mua-sam/${id}`],
  [/^\/api\/v1\/hr\/restructurings\/(\d+)/, (id) => `/to-chuc/de-an/${id}`],
  [/^\/api\/v1\/assets\/stocktakes\/(\d+)/, (id) => `/tai-san/kiem-ke/${id}`],
];

/** The console page of the record an audited path touched, if it has one. */
export function recordPage(path: string | null | undefined): string | null {
  for (const [pattern, page] of RECORD_PAGES) {
    const m = pattern.exec(path ?? "");
    if (m) return page(m[1]);
  }
  return null;
}
