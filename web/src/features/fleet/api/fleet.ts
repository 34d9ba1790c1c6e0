// The pool of cars and drivers: schedule, availability, dispatch, trips, maintenance, utilization.
import { api, unwrap } from "@/lib/api/client";
import type { BodyOf, ResponseOf } from "@/lib/api/types";

export type Schedule = ResponseOf<"/api/v1/fleet/schedule">;
export type ScheduleEntry = Schedule["vehicles"] extends (infer V)[] | undefined
  ? V extends { entries?: (infer E)[] } ? E : never : never;
export type Availability = ResponseOf<"/api/v1/fleet/availability">;
export type Booking = ResponseOf<"/api/v1/fleet/bookings/{booking_id}">;
export type Utilization = ResponseOf<"/api/v1/fleet/utilization">;
export type DueList = ResponseOf<"/api/v1/fleet/maintenance/due">;
export type Completion = BodyOf<"/api/v1/fleet/bookings/{booking_id}/complete">;

export const fleetKeys = {
  all: ["fleet"] as const,
  schedule: (from: string, to: string) => ["fleet", "schedule", from, to] as const,
  waiting: ["fleet", "waiting"] as const,
  availability: (id: number) => ["fleet", "availability", id] as const,
};

export const getSchedule = (from: string, to: string) =>
  unwrap(api.GET("/api/v1/fleet/schedule", { params: { query: { from, to } } }));

export const approvedBookings = () =>
  unwrap(api.GET("/api/v1/fleet/bookings", { params: { query: { status: "approved", limit: 200 } } }));

export const getAvailability = (b: Booking) =>
  unwrap(api.GET("/api/v1/fleet/availability", {
    params: { query: { start: b.start_at!, end: b.end_at!, passengers: b.passengers } },
  }));

export const dispatch = (id: number, choice: { vehicle_id?: number; driver_id?: number }) =>
  unwrap(api.POST("/api/v1/fleet/bookings/{booking_id}/dispatch", {
    params: { path: { booking_id: id } },
    body: choice as BodyOf<"/api/v1/fleet/bookings/{booking_id}/dispatch">,
  }));

export const getBooking = (id: number) =>
  unwrap(api.GET("/api/v1/fleet/bookings/{booking_id}", { params: { path: { booking_id: id } } }));

export const getVehicle = (id: number) =>
  unwrap(api.GET("/api/v1/fleet/vehicles/{vehicle_id}", { params: { path: { vehicle_id: id } } }));

export const driverSchedule = (staffId: number, from: string, to: string) =>
  unwrap(api.GET("/api/v1/fleet/drivers/{staff_id}/schedule", { params: { path: { staff_id: staffId }, query: { from, to } } }));

export const startTrip = (id: number, vehicle_id: number, odometer_start_km: number) =>
  unwrap(api.POST("/api/v1/fleet/bookings/{booking_id}/start", { params: { path: { booking_id: id } }, body: { vehicle_id, odometer_start_km } }));

export const completeTrip = (id: number, body: Completion) =>
  unwrap(api.POST("/api/v1/fleet/bookings/{booking_id}/complete", { params: { path: { booking_id: id } }, body }));

export const maintenanceDue = () => unwrap(api.GET("/api/v1/fleet/maintenance/due", { params: { query: {} } }));

export const utilization = (from: string, to: string) =>
  unwrap(api.GET("/api/v1/fleet/utilization", { params: { query: { from, to } } }));
