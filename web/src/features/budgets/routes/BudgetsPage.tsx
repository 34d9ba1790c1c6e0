import { useQuery } from "@tanstack/react-query";
import { Card, Select, Space, Table } from "antd";
import { useState } from "react";
import { EChart, type ChartOption } from "@/components/EChart";
import { Money } from "@/components/Money";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { api, unwrap } from "@/lib/api/client";
import type { ResponseOf } from "@/lib/api/types";
import { dayjs, money, officeToday } from "@/lib/format";
import { categoryLabel } from "@/lib/messages";
import { useMe } from "@/lib/session";

type Line = NonNullable<ResponseOf<"/api/v1/finance/budgets/summary">["items"]>[number];

function chart(lines: Line[]): ChartOption {
  const names = lines.map((l) => categoryLabel(l.category ?? ""));
  const series = (name: string, pick: (l: Line) => number | undefined, color: string) => ({
    name, type: "bar", stack: "budget", itemStyle: { color }, data: lines.map((l) => pick(l) ?? 0),
  });
  return {
    tooltip: { trigger: "axis", valueFormatter: (v: unknown) => money(Number(v)) },
    legend: { data: ["Đã chi", "Đang giữ chỗ", "Còn khả dụng"] },
    grid: { left: 140, right: 24, top: 36, bottom: 24 },
    xAxis: { type: "value", axisLabel: { formatter: (v: number) => `${(v / 1_000_000).toLocaleString("vi-VN")} tr` } },
    yAxis: { type: "category", data: names },
    series: [
      series("Đã chi", (l) => l.spent_vnd, "#a8071a"),
      series("Đang giữ chỗ", (l) => l.reserved_vnd, "#fa8c16"),
      series("Còn khả dụng", (l) => Math.max(l.available_vnd ?? 0, 0), "#52c41a"),
    ],
  };
}

/** A board's budgets by category: allocated, reserved, spent, available, with a chart. */
export default function BudgetsPage() {
  const me = useMe();
  const [year, setYear] = useState(dayjs(officeToday()).year());
  const summary = useQuery({
    queryKey: ["budgets", me.unit, year],
    queryFn: () => unwrap(api.GET("/api/v1/finance/budgets/summary", { params: { query: { fiscal_year: year, unit: me.unit ?? undefined } } })),
  });
  const lines = summary.data?.items ?? [];
  const t = summary.data?.totals;
  return (
    <Page
      title={`Dự toán ngân sách ${me.unit ?? ""}`}
      extra={
        <Space>
          <label htmlFor="budget-year">Năm</label>
          <Select id="budget-year" value={year} onChange={setYear} options={[year - 1, year, year + 1].map((y) => ({ value: y, label: String(y) }))} />
        </Space>
      }
    >
      {summary.error && <ProblemAlert error={summary.error} />}
      <Card style={{ marginBottom: 16 }}>
        <EChart label="Biểu đồ dự toán theo khoản mục" option={chart(lines)} height={Math.max(240, lines.length * 44)} />
      </Card>
      <Table<Line>
        rowKey={(l) => String(l.id)} loading={summary.isPending} dataSource={lines} pagination={false} scroll={{ x: true }}
        locale={{ emptyText: "Chưa giao dự toán cho năm này." }}
        columns={[
          { title: "Khoản mục", render: (_, l) => categoryLabel(l.category ?? "") },
          { title: "Được giao", align: "right", render: (_, l) => <Money vnd={l.allocated_vnd} /> },
          { title: "Đang giữ chỗ", align: "right", render: (_, l) => <Money vnd={l.reserved_vnd} /> },
          { title: "Đã chi", align: "right", render: (_, l) => <Money vnd={l.spent_vnd} /> },
          { title: "Còn khả dụng", align: "right", render: (_, l) => <strong><Money vnd={l.available_vnd} /></strong> },
        ]}
        summary={() =>
          t ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}><strong>Tổng cộng</strong></Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right"><Money vnd={t.allocated_vnd} /></Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right"><Money vnd={t.reserved_vnd} /></Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right"><Money vnd={t.spent_vnd} /></Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right"><strong><Money vnd={t.available_vnd} /></strong></Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </Page>
  );
}
