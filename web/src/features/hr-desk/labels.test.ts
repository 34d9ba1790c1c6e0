import { describeStep, STEP_OPS } from "./labels";

describe("đề án steps in Vietnamese", () => {
  it("describes each kind of step with its figures", () => {
    expect(describeStep({ op: "merge_units", from: "BNC", into: "BTC" })).toBe("Hợp nhất BNC vào BTC");
    expect(describeStep({ op: "move_position", position_id: 14, to_unit: "VP-TC", with_holder: true }, (id) => `Kế toán (#${id})`))
      .toBe("Chuyển vị trí Kế toán (#14) sang VP-TC cùng người đảm nhiệm");
    expect(describeStep({ op: "set_quota", position_id: 16, quota: 1 })).toBe("Biên chế vị trí #16: 1");
    expect(describeStep({ op: "dissolve_unit", code: "BTC-VP", successor_code: "VP" })).toBe("Giải thể BTC-VP, chuyển giao cho VP");
    expect(describeStep({ op: "create_unit", code: "VP-CNTT", name: "Phòng CNTT", kind: "department", parent_code: "VP" }))
      .toBe('Thành lập phòng VP-CNTT "Phòng CNTT" thuộc VP');
  });

  it("names every operation the contract allows", () => {
    expect(Object.keys(STEP_OPS).sort()).toEqual(
      ["create_unit", "dissolve_unit", "merge_units", "move_position", "rename_unit", "set_quota"]);
  });
});
