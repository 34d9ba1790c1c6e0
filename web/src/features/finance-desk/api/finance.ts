// The Office's finance desk: the regulation, every board's budgets and their changes, expenses to
// pay, the ledger. Types come from the generated `paths` only.
import { api, unwrap } from "@/lib/api/client";
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from "@/lib/api/types";

export type Regulation = ItemOf<"/api/v1/finance/regulations">;
export type Norm = NonNullable<Regulation["norms"]>[number];
export type BudgetLine = NonNullable<ResponseOf<"/api/v1/finance/budgets/summary">["items"]>[number];
export type Report = ResponseOf<"/api/v1/finance/reports/budgets">;
export type Change = ItemOf<"/api/v1/finance/budgets/supplements">;
export type Supplement = BodyOf<"/api/v1/finance/budgets/supplements">;
export type Transfer = BodyOf<"/api/v1/finance/budgets/transfers">;
export type Expense = ItemOf<"/api/v1/finance/expenses">;
export type LedgerEntry = ItemOf<"/api/v1/finance/ledger">;
export type LedgerFilter = QueryOf<"/api/v1/finance/ledger">;
export type Unit = NonNullable<ResponseOf<"/api/v1/hr/units">["items"]>[number];
export type ExpenseStatus = NonNullable<QueryOf<"/api/v1/finance/expenses">["status"]>;

export const financeKeys = {
  all: ["finance-desk"] as const,
  regulations: ["finance-desk", "regulations"] as const,
  inForce: (day: string) => ["finance-desk", "regulations", "in-force", day] as const,
  report: (year: number) => ["finance-desk", "report", year] as const,
  summary: (year: number, unit?: string) => ["finance-desk", "summary", year, unit ?? "*"] as const,
  changes: (year: number) => ["finance-desk", "changes", year] as const,
  expenses: (status: string) => ["finance-desk", "expenses", status] as const,
  ledger: (filter: LedgerFilter) => ["finance-desk", "ledger", filter] as const,
  units: ["finance-desk", "units"] as const,
};

export const listRegulations = () => unwrap(api.GET("/api/v1/finance/regulations", { params: { query: { limit: 200 } } }));

export const regulationInForce = (day: string) =>
  unwrap(api.GET("/api/v1/finance/regulations", { params: { query: { in_force_on: day, limit: 1 } } })).then((p) => p.items?.[0] ?? null);

/** Every board's budgets of a year by category, with per-board and overall totals (the service adds them up). */
export const budgetReport = (year: number) =>
  unwrap(api.GET("/api/v1/finance/reports/budgets", { params: { query: { fiscal_year: year } } }));

export const budgetSummary = (year: number, unit?: string) =>
  unwrap(api.GET("/api/v1/finance/budgets/summary", { params: { query: { fiscal_year: year, unit } } }));

/** Supplements and transfers of a year, newest first. */
export async function listChanges(year: number): Promise<Change[]> {
  const query = { params: { query: { fiscal_year: year, limit: 200 } } };
  const [supplements, transfers] = await Promise.all([
    unwrap(api.GET("/api/v1/finance/budgets/supplements", query)),
    unwrap(api.GET("/api/v1/finance/budgets/transfers", query)),
  ]);
  return [...(supplements.items ?? []), ...(transfers.items ?? [])].sort((a, b) =>
    String(b.requested_at ?? "").localeCompare(String(a.requested_at ?? "")));
}

/** Ask for a supplement (to `unit`) or a transfer (`from_unit` -> `to_unit`) of a year's category. */
export function requestChange(kind: "supplement" | "transfer", body: Supplement | Transfer) {
  return kind === "supplement"
    ? unwrap(api.POST("/api/v1/finance/budgets/supplements", { body: body as Supplement }))
    : unwrap(api.POST("/api/v1/finance/budgets/transfers", { body: body as Transfer }));
}

export const listExpenses = (status: ExpenseStatus) =>
  unwrap(api.GET("/api/v1/finance/expenses", { params: { query: { status, limit: 200 } } }));

export const payExpense = (id: number, paid_amount_vnd: number, reason = "") =>
  unwrap(api.POST("/api/v1/finance/expenses/{expense_id}/pay", { params: { path: { expense_id: id } }, body: { paid_amount_vnd, reason } }));

export const listLedger = (filter: LedgerFilter, cursor?: string | null) =>
  unwrap(api.GET("/api/v1/finance/ledger", { params: { query: { ...filter, cursor: cursor ?? undefined, limit: 50 } } }));

export const reverseEntry = (id: number, reason: string) =>
  unwrap(api.POST("/api/v1/finance/ledger/{entry_id}/reverse", { params: { path: { entry_id: id } }, body: { reason } }));

export const listBoards = () =>
  unwrap(api.GET("/api/v1/hr/units", { params: { query: { limit: 200 } } }))
    .then((p) => (p.items ?? []).filter((u) => u.kind !== "department"));

