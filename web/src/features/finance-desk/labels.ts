// Words of the finance desk that only it shows (the shared catalogue has statuses and categories).
export const LEDGER_KINDS: Record<string, string> = {
  allocated: "Giao dự toán",
  reserved: "Giữ chỗ",
  released: "Giải phóng giữ chỗ",
  spent: "Chi",
  carry_out: "Chuyển nguồn sang năm sau",
  carry_in: "Nhận chuyển nguồn năm trước",
  lapsed: "Hủy dự toán cuối năm",
};

export const CHANGE_KINDS: Record<string, string> = { supplement: "Bổ sung", transfer: "Điều chuyển" };

export const TITLE_RANKS: Record<string, string> = {
  secretary: "Bí thư",
  deputy_secretary: "Phó Bí thư",
  board_head: "Trưởng ban",
  board_deputy: "Phó trưởng ban",
  department_head: "Trưởng phòng",
  department_deputy: "Phó trưởng phòng",
  specialist: "Chuyên viên",
  support: "Nhân viên",
};

export const PER: Record<string, string> = {
  item: "lần", day: "ngày", night: "đêm", month: "tháng", year: "năm", event: "sự kiện",
};

export const LOCALITY: Record<string, string> = { sea_island: "biển, đảo" };

export const label = (table: Record<string, string>, code: string | null | undefined, none = "—") =>
  code ? table[code] ?? code : none;
