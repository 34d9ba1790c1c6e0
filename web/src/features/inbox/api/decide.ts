// Approve or reject an inbox item where it stands: one typed call per kind of record.
import { api, unwrap } from "@/lib/api/client";
import { isProblem } from "@/lib/api/problem";

export type Decision = { service: string; kind: string; id: number; action: "approve" | "reject"; reason?: string };

type Decide = (id: number, action: "approve" | "reject", reason: string) => Promise<unknown>;

/** A budget change in the inbox is a supplement or a transfer (one numbering); finance says which. */
async function budgetChangeKind(id: number): Promise<"supplements" | "transfers"> {
  try {
    await unwrap(api.GET("/api/v1/finance/budgets/supplements/{change_id}", { params: { path: { change_id: id } } }));
    return "supplements";
  } catch (error) {
    if (isProblem(error) && error.status === 404) return "transfers";
    throw error;
  }
}

async function decideBudgetChange(id: number, action: "approve" | "reject", reason: string): Promise<unknown> {
  const path = { params: { path: { change_id: id } } };
  if ((await budgetChangeKind(id)) === "supplements") {
    return action === "approve"
      ? unwrap(api.POST("/api/v1/finance/budgets/supplements/{change_id}/approve", { ...path, body: { reason: "" } }))
      : unwrap(api.POST("/api/v1/finance/budgets/supplements/{change_id}/reject", { ...path, body: { reason } }));
  }
  return action === "approve"
    ? unwrap(api.POST("/api/v1/finance/budgets/transfers/{change_id}/approve", { ...path, body: { reason: "" } }))
    : unwrap(api.POST("/api/v1/finance/budgets/transfers/{change_id}/reject", { ...path, body: { reason } }));
}

const DECIDERS: Record<string, Decide> = {
  "fleet.booking": (id, action, reason) =>
    action === "approve"
      ? unwrap(api.POST("/api/v1/fleet/bookings/{booking_id}/approve", { params: { path: { booking_id: id } }, body: { note: null } }))
      : unwrap(api.POST("/api/v1/fleet/bookings/{booking_id}/reject", { params: { path: { booking_id: id } }, body: { reason } })),
  "finance.expense": (id, action, reason) =>
    action === "approve"
      ? unwrap(api.POST("/api/v1/finance/expenses/{expense_id}/approve", { params: { path: { expense_id: id } }, body: { reason: "" } }))
      : unwrap(api.POST("/api/v1/finance/expenses/{expense_id}/reject", { params: { path: { expense_id: id } }, body: { reason } })),
  "finance.budget_change": decideBudgetChange,
  "assets.procurement": (id, action, reason) =>
    action === "approve"
      ? unwrap(api.POST("/api/v1/assets/procurements/{procurement_id}/approve", { params: { path: { procurement_id: id } }, body: { note: null } }))
      : unwrap(api.POST("/api/v1/assets/procurements/{procurement_id}/reject", { params: { path: { procurement_id: id } }, body: { note: reason } })),
  "assets.disposal": (id, action, reason) =>
    action === "approve"
      ? unwrap(api.POST("/api/v1/assets/disposals/{disposal_id}/approve", { params: { path: { disposal_id: id } }, body: { note: null, disposed_on: null } }))
      : unwrap(api.POST("/api/v1/assets/disposals/{disposal_id}/reject", { params: { path: { disposal_id: id } }, body: { note: reason, disposed_on: null } })),
  "assets.stocktake": (id, action, reason) =>
    action === "approve"
      ? unwrap(api.POST("/api/v1/assets/stocktakes/{stocktake_id}/approve", { params: { path: { stocktake_id: id } }, body: { note: null } }))
      : unwrap(api.POST("/api/v1/assets/stocktakes/{stocktake_id}/reject", { params: { path: { stocktake_id: id } }, body: { note: reason } })),
  "hr.restructuring": (id) =>
    unwrap(api.POST("/api/v1/hr/restructurings/{plan_id}/approve", { params: { path: { plan_id: id } } })),
};

export function canDecide(service: string, kind: string): boolean {
  return `${service}.${kind}` in DECIDERS;
}

export function decide({ service, kind, id, action, reason }: Decision): Promise<unknown> {
  const fn = DECIDERS[`${service}.${kind}`];
  if (!fn) return Promise.reject(new Error(`${service}.${kind}`));
  return fn(id, action, reason ?? "");
}
