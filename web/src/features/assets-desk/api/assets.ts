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
  wearPreview: (year: number) => ["assets-desk", "wear-runs", "preview", year] as const,
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

export const listWearRuns = () => unwrap(api.GET("/api/v1/assets/wear-runs")).then((p) => p.items ?? []);
export type WearPreview = ResponseOf<"/api/v1/assets/wear-runs/preview">;
export type WearPreviewItem = Items<WearPreview>;
/** What a run of the year would record now, booking nothing: the totals over every asset due, all
 * and per board, and a page of the assets (the next from `cursor`). */
export const previewWear = (fiscal_year: number, cursor?: string | null) =>
  unwrap(api.GET("/api/v1/assets/wear-runs/preview", { params: { query: { fiscal_year, cursor: cursor ?? undefined, limit: 50 } } }));
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
export type ProcurementCheck = ResponseOf<"/api/v1/assets/procurements/{procurement_id}/check">;
export type LineCheck = NonNullable<ProcurementCheck["lines"]>[number];
/** Each line against the standard it is held to (the submit's own check, told line by line). */
export const checkProcurement = (id: number) =>
  unwrap(api.GET("/api/v1/assets/procurements/{procurement_id}/check", { params: { path: { procurement_id: id } } }));
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

export type Repair = Items<ResponseOf<"/api/v1/assets/repairs">>;
export type RepairStatus = NonNullable<QueryOf<"/api/v1/assets/repairs">["status"]>;
export type NewRepair = BodyOf<"/api/v1/assets/items/{asset_id}/repairs">;
export type Disposal = Items<ResponseOf<"/api/v1/assets/disposals">>;
export type DisposalStatus = NonNullable<QueryOf<"/api/v1/assets/disposals">["status"]>;
export type NewDisposal = BodyOf<"/api/v1/assets/items/{asset_id}/dispose">;
export type Transfer = BodyOf<"/api/v1/assets/items/{asset_id}/transfer">;

/** The register's asset with exactly this tag (typed or scanned), or null. */
export const findByTag = (tag: string) =>
  unwrap(api.GET("/api/v1/assets/items", { params: { query: { q: tag, limit: 20 } } }))
    .then((p) => (p.items ?? []).find((a) => a.tag?.toUpperCase() === tag.trim().toUpperCase()) ?? null);

export const listRepairs = (status: RepairStatus) =>
  unwrap(api.GET("/api/v1/assets/repairs", { params: { query: { status, limit: 200 } } })).then((p) => p.items ?? []);
export const openRepair = (assetId: number, body: NewRepair) =>
  unwrap(api.POST("/api/v1/assets/items/{asset_id}/repairs", { params: { path: { asset_id: assetId } }, body }));
export const completeRepair = (id: number, actual_cost_vnd: number, note: string) =>
  unwrap(api.POST("/api/v1/assets/repairs/{repair_id}/complete", {
    params: { path: { repair_id: id } }, body: { actual_cost_vnd, completed_on: null, note: note || null },
  }));
export const cancelRepair = (id: number, note: string) =>
  unwrap(api.POST("/api/v1/assets/repairs/{repair_id}/cancel", { params: { path: { repair_id: id } }, body: { note: note || null } }));

export const listDisposals = (status: DisposalStatus) =>
  unwrap(api.GET("/api/v1/assets/disposals", { params: { query: { status, limit: 200 } } })).then((p) => p.items ?? []);
export const proposeDisposal = (assetId: number, body: NewDisposal) =>
  unwrap(api.POST("/api/v1/assets/items/{asset_id}/dispose", { params: { path: { asset_id: assetId } }, body }));

export const transferItem = (assetId: number, body: Transfer) =>
  unwrap(api.POST("/api/v1/assets/items/{asset_id}/transfer", { params: { path: { asset_id: assetId } }, body }));
