// The Office's assets desk: the register, each asset's history and residual value, the yearly wear
// run and the stock-take campaigns. Types come from the generated `paths` only.
import { api, unwrap } from "@/lib/api/client";
import type { BodyOf, QueryOf, ResponseOf } from "@/lib/api/types";

type Items<T> = T extends { items?: (infer I)[] | null } ? I : never;

export type Asset = Items<ResponseOf<"/api/v1/assets/items">>;
export type AssetFilter = QueryOf<"/api/v1/assets/items">;
export type Category = Items<ResponseOf<"/api/v1/assets/categories">>;
export type HistoryEntry = Items<ResponseOf<"/api/v1/assets/items/{asset_id}/history">>;
export type Residual = ResponseOf<"/api/v1/assets/items/{asset_id}/residual">;
export type WearRun = Items<ResponseOf<"/api/v1/assets/wear-runs">>;
export type Stocktake = ResponseOf<"/api/v1/assets/stocktakes/{stocktake_id}">;
export type NewStocktake = BodyOf<"/api/v1/assets/stocktakes">;
export type CountAnswer = ResponseOf<"/api/v1/assets/stocktakes/{stocktake_id}/counts", "post">;
export type Sheet = Items<ResponseOf<"/api/v1/assets/stocktakes/{stocktake_id}/sheets">>;
export type Unit = Items<ResponseOf<"/api/v1/hr/units">>;

/** One result line of a closed stock-take (the service names its kind). */
export type ResultLine = {
  id?: number; kind?: string; tag?: string; asset_id?: number | null; register_unit?: string | null;
  register_location?: string | null; counted_unit?: string | null; counted_location?: string | null;
  condition?: string | null; resolution?: string | null;
};
export type Results = { missing?: ResultLine[]; surplus?: ResultLine[]; misplaced?: ResultLine[] };

export const assetKeys = {
  all: ["assets-desk"] as const,
  items: (filter: AssetFilter) => ["assets-desk", "items", filter] as const,
  categories: ["assets-desk", "categories"] as const,
  history: (id: number) => ["assets-desk", "history", id] as const,
  residual: (id: number, asOf: string) => ["assets-desk", "residual", id, asOf] as const,
  wearRuns: ["assets-desk", "wear-runs"] as const,
  stocktakes: ["assets-desk", "stocktakes"] as const,
  stocktake: (id: number) => ["assets-desk", "stocktakes", id] as const,
  sheets: (id: number) => ["assets-desk", "stocktakes", id, "sheets"] as const,
  boards: ["assets-desk", "boards"] as const,
};

export const listItems = (filter: AssetFilter, cursor?: string | null) =>
  unwrap(api.GET("/api/v1/assets/items", { params: { query: { ...filter, cursor: cursor ?? undefined, limit: 50 } } }));
export const listCategories = () => unwrap(api.GET("/api/v1/assets/categories", { params: { query: {} } })).then((p) => p.items ?? []);
export const assetHistory = (id: number) =>
  unwrap(api.GET("/api/v1/assets/items/{asset_id}/history", { params: { path: { asset_id: id } } })).then((p) => p.items ?? []);
export const residualOn = (id: number, asOf: string) =>
  unwrap(api.GET("/api/v1/assets/items/{asset_id}/residual", { params: { path: { asset_id: id }, query: { as_of: asOf } } }));
export const registerCsvUrl = (filter: AssetFilter) =>
  `/api/v1/assets/items/export.csv?${new URLSearchParams(Object.entries(filter).filter(([, v]) => v != null && v !== "").map(([k, v]) => [k, String(v)]))}`;

export const listWearRuns = () => unwrap(api.GET("/api/v1/assets/wear-runs")).then((p) => p.items ?? []);
export const runWear = (fiscal_year: number) => unwrap(api.POST("/api/v1/assets/wear-runs", { body: { fiscal_year } }));

export const listStocktakes = () => unwrap(api.GET("/api/v1/assets/stocktakes", { params: { query: { limit: 100 } } })).then((p) => p.items ?? []);
export const getStocktake = (id: number) =>
  unwrap(api.GET("/api/v1/assets/stocktakes/{stocktake_id}", { params: { path: { stocktake_id: id } } }));
export const openStocktake = (body: NewStocktake) => unwrap(api.POST("/api/v1/assets/stocktakes", { body }));
export const recordCount = (id: number, unit: string, tags: string[], location?: string) =>
  unwrap(api.POST("/api/v1/assets/stocktakes/{stocktake_id}/counts", {
    params: { path: { stocktake_id: id } }, body: { unit, tags, location: location || null },
  }));
export const listSheets = (id: number) =>
  unwrap(api.GET("/api/v1/assets/stocktakes/{stocktake_id}/sheets", { params: { path: { stocktake_id: id } } })).then((p) => p.items ?? []);
export const closeStocktake = (id: number) =>
  unwrap(api.POST("/api/v1/assets/stocktakes/{stocktake_id}/close", { params: { path: { stocktake_id: id } } }));
export const proposeReconciliation = (id: number, note: string) =>
  unwrap(api.POST("/api/v1/assets/stocktakes/{stocktake_id}/reconcile", {
    params: { path: { stocktake_id: id } }, body: { mark_missing: true, transfer_misplaced: true, register_surplus: [], note },
  }));
export const minutesUrl = (id: number) => `/api/v1/assets/stocktakes/${id}/minutes.pdf`;

export const listBoards = () =>
  unwrap(api.GET("/api/v1/hr/units", { params: { query: { limit: 200 } } })).then((p) => (p.items ?? []).filter((u) => u.kind !== "department"));

export type Procurement = Items<ResponseOf<"/api/v1/assets/procurements">>;
export type ProcurementStatus = NonNullable<QueryOf<"/api/v1/assets/procurements">["status"]>;
export type Standard = Items<ResponseOf<"/api/v1/assets/standards">>;

export const listProcurements = (status: ProcurementStatus) =>
  unwrap(api.GET("/api/v1/assets/procurements", { params: { query: { status, limit: 200 } } })).then((p) => p.items ?? []);
export const listStandards = () => unwrap(api.GET("/api/v1/assets/standards", { params: { query: {} } })).then((p) => p.items ?? []);
/** Receive every line at its actual unit price; the service assigns the new tags. */
export const receiveProcurement = (id: number, prices: Record<number, number>) =>
  unwrap(api.POST("/api/v1/assets/procurements/{procurement_id}/receive", {
    params: { path: { procurement_id: id } },
    body: {
      received_on: null, note: null,
      lines: Object.entries(prices).map(([line, price]) => ({ line_id: Number(line), unit_price_vnd: price })),
    },
  }));
