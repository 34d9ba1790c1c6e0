import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ExportButtons } from "@/components/ExportButtons";
import { Money } from "@/components/Money";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { StatusTag } from "@/components/StatusTag";
import { dateTime } from "@/lib/format";
import { categoryLabel } from "@/lib/messages";
import { hasRole, useMe } from "@/lib/session";
import {
  budgetReport, financeKeys, listBoards, listChanges, requestChange,
  type Change, type Report,
} from "../api/finance";
import { ChangeDialog, changeBody, type ChangeForm, type ChangeKind } from "../components/ChangeDialog";
import { CHANGE_KINDS, label } from "../labels";
import { useYear, YearSelect } from "../components/YearSelect";

// Ant Design's default link blue is 4.1:1 on white (under WCAG AA); the theme has no colorLink yet.
const LINK = { color: "#a8071a" };

type Row = NonNullable<Report["rows"]>[number];

/** Every board's budgets by category, supplements and transfers asked here and decided by the leadership. */
export default function BudgetsPage() {
  const me = useMe();
  const acts = hasRole(me, "office_finance");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [year, setYear] = useYear();
  const unit = params.get("unit") ?? undefined;
  const [asking, setAsking] = useState<ChangeKind | null>(null);
  const report = useQuery({ queryKey: financeKeys.report(year), queryFn: () => budgetReport(year) });
  const changes = useQuery({ queryKey: financeKeys.changes(year), queryFn: () => listChanges(year) });
  const boards = useQuery({ queryKey: financeKeys.units, queryFn: listBoards, staleTime: 600_000 });
  const ask = useMutation({
    mutationFn: ({ kind, values }: { kind: ChangeKind; values: ChangeForm }) => requestChange(kind, changeBody(kind, year, values)),
    onSuccess: () => {
      setAsking(null);
      message.success("Đã gửi đề nghị; lãnh đạo phê duyệt trong mục Việc cần xử lý.");
      void queryClient.invalidateQueries({ queryKey: financeKeys.changes(year) });
    },
  });
  const rows = (report.data?.rows ?? []).filter((r) => !unit || r.unit === unit);
  const units = (report.data?.units ?? []).filter((u) => !unit || u.unit === unit);
  const setUnit = (u: string | undefined) => {
    const next = new URLSearchParams(params);
    if (u) next.set("unit", u); else next.delete("unit");
    setParams(next, { replace: true });
  };
  return (
    <Page
      title="Dự toán các đơn vị"
      extra={
        <Space wrap>
          <YearSelect id="fin-year" value={year} onChange={setYear} />
          <label htmlFor="fin-unit">Đơn vị</label>
          <Select
            id="fin-unit" allowClear placeholder="Tất cả" style={{ minWidth: 200 }} value={unit} onChange={setUnit}
            options={(report.data?.units ?? []).map((u) => ({ value: u.unit, label: `${u.unit} - ${u.unit_name ?? ""}` }))}
          />
          <ExportButtons base="/api/v1/finance/reports/budgets" query={{ fiscal_year: year }} />
          {acts && <Button type="primary" onClick={() => setAsking("supplement")}>Đề nghị bổ sung</Button>}
          {acts && <Button onClick={() => setAsking("transfer")}>Đề nghị điều chuyển</Button>}
        </Space>
      }
    >
      {report.error && <ProblemAlert error={report.error} />}
      <Table<Row>
        rowKey={(r) => `${r.unit}.${r.category}`} loading={report.isPending} dataSource={rows} size="small"
        pagination={false} scroll={{ x: true }} locale={{ emptyText: "Chưa giao dự toán cho năm này." }}
        columns={[
          { title: "Đơn vị", render: (_, r) => <span title={r.unit_name ?? ""}>{r.unit}</span> },
          { title: "Khoản mục", render: (_, r) => categoryLabel(r.category ?? "") },
          { title: "Được giao", align: "right", render: (_, r) => <Money vnd={r.allocated_vnd} /> },
          { title: "Đang giữ chỗ", align: "right", render: (_, r) => <Money vnd={r.reserved_vnd} /> },
          { title: "Đã chi", align: "right", render: (_, r) => <Money vnd={r.spent_vnd} /> },
          { title: "Còn khả dụng", align: "right", render: (_, r) => <strong data-testid="available"><Money vnd={r.available_vnd} /></strong> },
          {
            title: "Vượt", render: (_, r) => (r.overrun_count ? <Tag color="red">Vượt <Money vnd={r.overrun_vnd} /></Tag> : null),
          },
          {
            title: "Sổ cái",
            render: (_, r) => <Link style={LINK} to={`/tai-chinh/so-cai?unit=${r.unit}&category=${r.category}&fiscal_year=${year}`}>Xem bút toán</Link>,
          },
        ]}
      />
      <Card title="Tổng theo đơn vị" size="small" style={{ marginTop: 16 }}>
        <Table
          rowKey={(u) => String(u.unit)} dataSource={units} size="small" pagination={false} scroll={{ x: true }}
          columns={[
            { title: "Đơn vị", render: (_, u) => `${u.unit} - ${u.unit_name ?? ""}` },
            { title: "Được giao", align: "right", render: (_, u) => <Money vnd={u.allocated_vnd} /> },
            { title: "Đang giữ chỗ", align: "right", render: (_, u) => <Money vnd={u.reserved_vnd} /> },
            { title: "Đã chi", align: "right", render: (_, u) => <Money vnd={u.spent_vnd} /> },
            { title: "Còn khả dụng", align: "right", render: (_, u) => <strong><Money vnd={u.available_vnd} /></strong> },
          ]}
          summary={() => {
            const t = report.data?.totals;
            return t && !unit ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}><strong>Toàn Đảng bộ</strong></Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right"><Money vnd={t.allocated_vnd} /></Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right"><Money vnd={t.reserved_vnd} /></Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right"><Money vnd={t.spent_vnd} /></Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right"><strong><Money vnd={t.available_vnd} /></strong></Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null;
          }}
        />
      </Card>
      <Card title="Bổ sung và điều chuyển dự toán" size="small" style={{ marginTop: 16 }}>
        {changes.error && <ProblemAlert error={changes.error} />}
        <Table<Change>
          rowKey={(c) => `${c.kind}.${c.id}`} loading={changes.isPending} dataSource={changes.data ?? []} size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: true }}
          locale={{ emptyText: "Chưa có đề nghị bổ sung hay điều chuyển nào trong năm." }}
          columns={[
            { title: "Loại", render: (_, c) => label(CHANGE_KINDS, c.kind) },
            { title: "Đơn vị", render: (_, c) => (c.kind === "transfer" ? `${c.from_unit} → ${c.to_unit}` : String(c.to_unit ?? c.unit ?? "")) },
            { title: "Khoản mục", render: (_, c) => categoryLabel(c.category ?? "") },
            { title: "Số tiền", align: "right", render: (_, c) => <Money vnd={c.amount_vnd} /> },
            { title: "Lý do", dataIndex: "reason" },
            { title: "Người đề nghị", render: (_, c) => `${c.requested_by ?? ""}, ${dateTime(c.requested_at)}` },
            { title: "Trạng thái", render: (_, c) => <StatusTag status={c.status} /> },
            {
              title: "Quyết định",
              render: (_, c) => (c.decided_by ? `${c.decided_by}, ${dateTime(c.decided_at)}${c.decision_reason ? `: ${c.decision_reason}` : ""}` : "—"),
            },
          ]}
        />
      </Card>
      <ChangeDialog
        kind={asking} year={year} boards={boards.data ?? []} busy={ask.isPending} error={ask.error}
        onCancel={() => { setAsking(null); ask.reset(); }}
        onSubmit={(values) => asking && ask.mutate({ kind: asking, values })}
      />
    </Page>
  );
}
