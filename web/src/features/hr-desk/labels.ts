// Words of the HR desk that only it shows: rule names, step descriptions, plan statuses.
import type { Step } from "./api/hr";

export const RULE_NAMES: Record<string, string> = {
  position_quota: "Biên chế của vị trí",
  deputies_per_department: "Số cấp phó của phòng",
  deputy_share_of_headcount: "Tỷ lệ cấp phó trên biên chế",
  min_department_staff: "Biên chế tối thiểu của phòng",
  max_departments_per_agency: "Số phòng tối đa của cơ quan",
  total_deputy_heads: "Tổng số cấp phó",
  staff_reduction_target: "Chỉ tiêu tinh giản biên chế",
};

export const PLAN_STATUS: Record<string, string> = {
  draft: "Dự thảo, chờ lãnh đạo phê duyệt",
  approved: "Đã phê duyệt",
  scheduled: "Đã lên lịch thực hiện",
  applied: "Đã thực hiện",
  failed: "Thực hiện không thành",
};

export const UNIT_KINDS: Record<string, string> = {
  leadership: "Thường trực", office: "Văn phòng", board: "Ban", department: "Phòng",
};

export const STEP_OPS: Record<Step["op"], string> = {
  create_unit: "Thành lập đơn vị",
  rename_unit: "Đổi tên đơn vị",
  merge_units: "Hợp nhất đơn vị",
  dissolve_unit: "Giải thể đơn vị",
  move_position: "Chuyển vị trí việc làm",
  set_quota: "Điều chỉnh biên chế vị trí",
};

/** One step in a Vietnamese sentence; `position` names a position id. */
export function describeStep(step: Step, position: (id: number) => string = (id) => `#${id}`): string {
  switch (step.op) {
    case "create_unit":
      return `Thành lập ${UNIT_KINDS[step.kind]?.toLowerCase() ?? step.kind} ${step.code} "${step.name}"${step.parent_code ? ` thuộc ${step.parent_code}` : ""}`;
    case "rename_unit":
      return `Đổi tên ${step.code} thành "${step.name}"`;
    case "merge_units":
      return `Hợp nhất ${step.from} vào ${step.into}`;
    case "dissolve_unit":
      return `Giải thể ${step.code}${step.successor_code ? `, chuyển giao cho ${step.successor_code}` : ""}`;
    case "move_position":
      return `Chuyển vị trí ${position(step.position_id)} sang ${step.to_unit} ${step.with_holder ? "cùng người đảm nhiệm" : "(không kèm người)"}`;
    case "set_quota":
      return `Biên chế vị trí ${position(step.position_id)}: ${step.quota}`;
  }
}

export const STAFF_STATUS: Record<string, string> = { active: "Đang công tác", on_leave: "Tạm nghỉ", left: "Đã nghỉ" };
