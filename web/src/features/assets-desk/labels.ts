// Words of the assets desk that only it shows.
export const ASSET_STATUS: Record<string, string> = {
  in_use: "Đang sử dụng", in_repair: "Đang sửa chữa", idle: "Chưa sử dụng", missing: "Thất lạc", disposed: "Đã thanh lý",
};

export const STOCKTAKE_STATUS: Record<string, string> = {
  open: "Đang kiểm kê", closed: "Đã chốt kết quả", reconciliation_proposed: "Chờ lãnh đạo duyệt xử lý",
  reconciled: "Đã xử lý", rejected: "Xử lý bị từ chối",
};

export const HISTORY_KINDS: Record<string, string> = {
  registered: "Ghi sổ", received: "Nhận từ mua sắm", transferred: "Điều chuyển", repair: "Sửa chữa", repaired: "Sửa xong",
  disposed: "Thanh lý", status: "Đổi trạng thái", status_changed: "Đổi trạng thái", holder_changed: "Đổi người sử dụng",
  missing: "Thất lạc", found: "Tìm thấy", relocated: "Đổi vị trí",
};

export const RESULT_KINDS = [
  { key: "missing", title: "Thiếu (có trong sổ, không đếm thấy)", color: "red" },
  { key: "surplus", title: "Thừa (đếm thấy, không có trong sổ)", color: "#ad4e00" },
  { key: "misplaced", title: "Sai vị trí (đếm thấy ở đơn vị khác)", color: "#874d00" },
] as const;

export const TITLE_RANKS: Record<string, string> = {
  secretary: "Bí thư", deputy_secretary: "Phó Bí thư", board_head: "Trưởng ban", board_deputy: "Phó trưởng ban",
  department_head: "Trưởng phòng", department_deputy: "Phó trưởng phòng", specialist: "Chuyên viên", support: "Nhân viên",
};

export const REPAIR_STATUS: Record<string, string> = { open: "Đang sửa", completed: "Đã sửa xong", cancelled: "Đã hủy" };

export const DISPOSAL_METHODS: Record<string, string> = {
  sale: "Bán", demolition: "Phá dỡ", destruction: "Hủy bỏ", transfer: "Chuyển giao", other: "Hình thức khác",
};
