// A board member's requests: car bookings, expenses and purchases, read and written through the one client.
import { api, unwrap } from "@/lib/api/client";
import type { BodyOf, ItemOf, ResponseOf } from "@/lib/api/types";

export type Booking = ResponseOf<"/api/v1/fleet/bookings/{booking_id}">;
export type Expense = ResponseOf<"/api/v1/finance/expenses/{expense_id}">;
export type Procurement = ResponseOf<"/api/v1/assets/procurements/{procurement_id}">;
export type BookingRow = ItemOf<"/api/v1/fleet/bookings">;
export type ExpenseRow = ItemOf<"/api/v1/finance/expenses">;
export type ProcurementRow = ItemOf<"/api/v1/assets/procurements">;
export type BookingCreate = BodyOf<"/api/v1/fleet/bookings">;
export type ExpenseCreate = BodyOf<"/api/v1/finance/expenses">;
export type ProcurementCreate = BodyOf<"/api/v1/assets/procurements">;
export type Kind = "dat-xe" | "de-nghi-chi" | "mua-sam";

export const requestKeys = {
  all: ["requests"] as const,
  list: (kind: Kind) => ["requests", kind] as const,
  one: (kind: Kind, id: number) => ["requests", kind, id] as const,
};

export const listBookings = () => unwrap(api.GET("/api/v1/fleet/bookings", { params: { query: { limit: 100 } } }));
export const listExpenses = () => unwrap(api.GET("/api/v1/finance/expenses", { params: { query: { limit: 100 } } }));
export const listProcurements = () => unwrap(api.GET("/api/v1/assets/procurements", { params: { query: { limit: 100 } } }));

export const getBooking = (id: number) =>
  unwrap(api.GET("/api/v1/fleet/bookings/{booking_id}", { params: { path: { booking_id: id } } }));
export const getExpense = (id: number) =>
  unwrap(api.GET("/api/v1/finance/expenses/{expense_id}", { params: { path: { expense_id: id } } }));
export const getProcurement = (id: number) =>
  unwrap(api.GET("/api/v1/assets/procurements/{procurement_id}", { params: { path: { procurement_id: id } } }));

export const createBooking = (body: BookingCreate) => unwrap(api.POST("/api/v1/fleet/bookings", { body }));
export const createExpense = (body: ExpenseCreate) => unwrap(api.POST("/api/v1/finance/expenses", { body }));
export const createProcurement = async (body: ProcurementCreate) => {
  const draft = await unwrap(api.POST("/api/v1/assets/procurements", { body }));
  return unwrap(api.POST("/api/v1/assets/procurements/{procurement_id}/submit", { params: { path: { procurement_id: draft.id! } } }));
};

export const withdraw: Record<Kind, (id: number, reason: string) => Promise<unknown>> = {
  "dat-xe": (id, reason) =>
    unwrap(api.POST("/api/v1/fleet/bookings/{booking_id}/cancel", { params: { path: { booking_id: id } }, body: { reason } })),
  "de-nghi-chi": (id, reason) =>
    unwrap(api.POST("/api/v1/finance/expenses/{expense_id}/withdraw", { params: { path: { expense_id: id } }, body: { reason } })),
  "mua-sam": (id) =>
    unwrap(api.POST("/api/v1/assets/procurements/{procurement_id}/cancel", { params: { path: { procurement_id: id } }, body: { note: null } })),
};

/** States in which the requester may still withdraw. */
export const WITHDRAWABLE: Record<Kind, string[]> = {
  "dat-xe": ["requested", "approved", "dispatched"],
  "de-nghi-chi": ["submitted", "approved"],
  "mua-sam": ["draft", "awaiting_budget", "pending_approval", "approved"],
};
