import { Table, Tag } from "antd";
import type { StaffingRow } from "../api/hr";
import { RULE_NAMES } from "../labels";

/** Quota, filled, vacant and deputies against the limit per unit; a unit breaking a rule is marked. */
export function StaffingTable({ rows, compact = false }: { rows: StaffingRow[]; compact?: boolean }) {
  return (
    <Table<StaffingRow>
      rowKey={(r) => String(r.code)} dataSource={rows} size="small" pagination={false} scroll={{ x: true }}
      rowClassName={(r) => (r.violations?.length ? "hr-row-violation" : "")}
      columns={[
        { title: "Đơn vị", render: (_, r) => (compact ? r.code : <span>{r.code} <small>{r.name}</small></span>) },
        { title: "Biên chế", align: "right", dataIndex: "quota" },
        { title: "Có mặt", align: "right", dataIndex: "filled" },
        { title: "Còn trống", align: "right", dataIndex: "vacant" },
        {
          title: "Cấp phó / tối đa", align: "right",
          render: (_, r) => {
            // the service says which limit is broken; the page only marks it
            const over = (r.violations ?? []).some((v) => v.rule === r.deputy_limit_rule);
            return <span style={over ? { color: "#a8071a", fontWeight: 600 } : undefined}>{r.deputies ?? 0} / {r.deputy_limit ?? "—"}</span>;
          },
        },
        {
          title: "Vi phạm",
          render: (_, r) => (r.violations ?? []).map((v) => (
            <Tag key={`${v.rule}.${v.position_id ?? ""}`} color={v.blocking ? "red" : "#ad4e00"}>{RULE_NAMES[v.rule ?? ""] ?? v.rule}</Tag>
          )),
        },
      ]}
    />
  );
}
