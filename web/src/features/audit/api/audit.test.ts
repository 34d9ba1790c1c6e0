import { recordPage } from "./audit";

describe("recordPage", () => {
  it("links an audited path to the page with the record's decision history", () => {
    expect(recordPage("/api/v1/finance/expenses/12/approve")).toBe("/de-nghi/de-nghi-chi/12");
    expect(recordPage("/api/v1/fleet/bookings/7")).toBe("/de-nghi/dat-xe/7");
    expect(recordPage("/api/v1/hr/restructurings/3/apply")).toBe("/to-chuc/de-an/3");
    expect(recordPage("/api/v1/assets/stocktakes/5/counts")).toBe("/tai-san/kiem-ke/5");
  });

  it("has no page for lists and other routes", () => {
    expect(recordPage("/api/v1/finance/expenses?status=approved")).toBeNull();
    expect(recordPage("/api/v1/auth/session")).toBeNull();
    expect(recordPage(null)).toBeNull();
  });
});
