import { fill, problemMessage, ruleMessage } from ".";

describe("problem messages", () => {
  it("builds the budget refusal from its figures", () => {
    const sentence = problemMessage({
      type: "https://office.example/problems/conflict", status: 409, title: "Conflict", detail: "asks more",
      rule: "budget_exhausted", asked_vnd: 300_000_000, available_vnd: 250_000_000, allocated_vnd: 250_000_000,
      reserved_vnd: 0, spent_vnd: 0,
    });
    expect(sentence).toBe(
      "Ngân sách không đủ: đề nghị 300.000.000 ₫, chỉ còn khả dụng 250.000.000 ₫ (đã giao 250.000.000 ₫, đang giữ chỗ 0 ₫, đã chi 0 ₫).",
    );
  });

  it("drops an optional part whose figure is missing", () => {
    expect(fill("Xe đang bận[ (phiếu số {booking_id})].", {})).toBe("Xe đang bận.");
    expect(fill("Xe đang bận[ (phiếu số {booking_id})].", { booking_id: 7 })).toBe("Xe đang bận (phiếu số 7).");
  });

  it("falls back to the problem type, then to the status, never to English", () => {
    expect(problemMessage({ type: "https://office.example/problems/not-found", status: 404, detail: "no such booking" }))
      .toBe("Không tìm thấy hồ sơ này (hoặc đồng chí không có quyền xem).");
    expect(problemMessage({ type: "https://office.example/problems/never-heard-of", status: 403 }))
      .toBe("Tài khoản của đồng chí không có quyền thực hiện việc này.");
    expect(problemMessage({ rule: "a_rule_nobody_wrote", type: "https://office.example/problems/conflict", status: 409 }))
      .toBe("Không thực hiện được do trạng thái hiện tại của hồ sơ.");
  });

  it("formats dates and moments among the figures", () => {
    expect(ruleMessage("licence_expired", { licence_expiry: "2026-12-01", trip_ends_on: "2026-12-20" }))
      .toBe("Giấy phép lái xe hết hạn ngày 01/12/2026, trước khi chuyến đi kết thúc ngày 20/12/2026.");
  });
});
