import { reasonText, replacementOf, type Vehicle } from "./entitlement";

describe("a car's replacement reasons (NĐ 72/2023 Art 3.4)", () => {
  it("says each condition in Vietnamese with its figures", () => {
    expect(reasonText({ code: "repair_over_share", repair_estimate_vnd: 300_000_000, original_cost_vnd: 800_000_000, ratio: 0.3 }))
      .toBe("Dự toán sửa chữa 300.000.000 ₫ trên 30% nguyên giá 800.000.000 ₫ (điểm c khoản 4 Điều 3 NĐ 72/2023).");
    expect(reasonText({ code: "km_over", odometer_km: 251_300, limit_km: 250_000 }))
      .toBe("Đã chạy 251.300 km, quá 250.000 km (điểm b khoản 4 Điều 3 NĐ 72/2023).");
    expect(reasonText({ code: "useful_life_passed", acquired_on: "2010-01-15", useful_life_years: 15, ended_on: "2025-01-15" }))
      .toBe("Hết thời gian sử dụng: mua ngày 15/01/2010, dùng 15 năm, hết hạn ngày 15/01/2025 (điểm a khoản 4 Điều 3 NĐ 72/2023).");
  });

  it("reads the untyped `replacement` of a vehicle safely", () => {
    expect(replacementOf(undefined)).toEqual({ due: false, reasons: [] });
    expect(replacementOf({ replacement: { due: true, reasons: [{ code: "km_over" }] } } as Vehicle).reasons).toHaveLength(1);
    expect(replacementOf({ replacement: "nonsense" } as Vehicle)).toEqual({ due: false, reasons: [] });
  });
});
