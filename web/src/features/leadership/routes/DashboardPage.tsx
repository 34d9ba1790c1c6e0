import { useQuery } from "@tanstack/react-query";
import { Card, Col, Row, Select, Statistic, Table, Tag } from "antd";
import { Link, useSearchParams } from "react-router";
import { ExportButtons } from "@/components/ExportButtons";
import { Money } from "@/components/Money";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { dayjs, number, officeToday } from "@/lib/format";
import {
  CAR_CATEGORY, budgets, reformKeys, register, staffing, unitNames, utilization,
  type BudgetUnit, type RegisterRow, type RegisterUnit, type StaffingRow,
} from "../api/reform";

// Ant Design's default link blue is 4.1:1 on white (under WCAG AA); the theme has no colorLink yet.
const LINK = { color: "#a8071a" };

const BOARD_KINDS = new Set(["board", "office", "leadership"]);

// A card's title wraps instead of ending in "…" (Ant Design's default) when the card is half a 1366 px screen.
const WRAP = { title: { whiteSpace: "normal" } } as const;

function Figure({ to, id, children }: { to: string; id: string; children: React.ReactNode }) {
  return <Link style={LINK} to={to} data-testid={id}>{children}</Link>;
}

/** A unit as people read it: HR's name (its code while HR has not answered). */
function UnitName({ code }: { code?: string | null }) {
  const names = useQuery({ queryKey: reformKeys.units, queryFn: unitNames, staleTime: 600_000 });
  return <>{names.data?.get(String(code)) ?? code}</>;
}

function People() {
  const q = useQuery({ queryKey: reformKeys.staffing, queryFn: staffing });
  const rows = (q.data?.items ?? []).filter((r) => BOARD_KINDS.has(r.kind ?? ""));
  return (
    <Card title="Biên chế và cấp phó theo đơn vị (Tổ chức)" size="small" styles={WRAP} extra={<ExportButtons size="small" base="/api/v1/hr/staffing" />}>
      {q.error && <ProblemAlert error={q.error} />}
      <Table<StaffingRow>
        rowKey={(r) => String(r.code)} loading={q.isPending} dataSource={rows} size="small" pagination={false} scroll={{ x: true }}
        columns={[
          { title: "Đơn vị", render: (_, r) => <Link style={LINK} to={`/to-chuc/can-bo?unit=${r.code}`}>{r.name ?? <UnitName code={r.code} />}</Link> },
          { title: "Có mặt / biên chế", align: "right", render: (_, r) => <Figure id={`hr-${r.code}-filled`} to={`/to-chuc/can-bo?unit=${r.code}`}>{r.filled} / {r.quota}</Figure> },
          { title: "Cấp phó / tối đa", align: "right", render: (_, r) => <Figure id={`hr-${r.code}-deputies`} to="/to-chuc/bien-che">{r.deputies} / {r.deputy_limit ?? "—"}</Figure> },
          {
            title: "Vi phạm", align: "right",
            render: (_, r) => (r.violations?.length
              ? <Link style={LINK} to="/to-chuc/bien-che"><Tag color="red">{r.violations.length}</Tag></Link> : <Tag color="#237804">0</Tag>),
          },
        ]}
      />
    </Card>
  );
}

function Cars({ from, to }: { from: string; to: string }) {
  const use = useQuery({ queryKey: reformKeys.utilization(from, to), queryFn: () => utilization(from, to) });
  const reg = useQuery({ queryKey: reformKeys.register, queryFn: register });
  const held = (reg.data?.rows ?? []).filter((r) => r.category === CAR_CATEGORY);
  const peak = use.data?.peak;
  return (
    <Card title={`Xe công: các ban đã giữ và đội xe dùng chung (${dayjs(from).format("DD/MM")} - ${dayjs(to).format("DD/MM/YYYY")})`} size="small" styles={WRAP}>
      {(use.error || reg.error) && <ProblemAlert error={use.error ?? reg.error} />}
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col><Statistic title="Xe trong đội dùng chung" valueRender={() => <Figure id="fleet-pool" to="/xe/hieu-suat">{peak?.pool_size ?? "—"}</Figure>} /></Col>
        <Col><Statistic title="Cận dưới (số chuyến đồng thời cao nhất)" valueRender={() => <Figure id="fleet-lower-bound" to="/xe/hieu-suat">{peak?.concurrent_demand ?? "—"}</Figure>} /></Col>
        <Col><Statistic title="Nhu cầu / đội xe" valueRender={() => <Figure id="fleet-demand-over-pool" to="/xe/hieu-suat">{peak?.demand_over_pool == null ? "—" : `${number(peak.demand_over_pool * 100)}%`}</Figure>} /></Col>
        <Col><Statistic title="Định mức, xe cần thay" valueRender={() => <Link style={{ ...LINK, fontSize: 16 }} to="/xe/dinh-muc" data-testid="fleet-entitlement">Xem định mức xe công</Link>} /></Col>
      </Row>
      <Table<RegisterRow>
        rowKey={(r) => String(r.unit)} loading={reg.isPending} dataSource={held} size="small" pagination={false} scroll={{ x: true }}
        locale={{ emptyText: "Không ban nào còn giữ xe riêng." }}
        columns={[
          { title: "Đơn vị", render: (_, r) => <UnitName code={r.unit} /> },
          { title: "Xe ô tô trong sổ tài sản", align: "right", render: (_, r) => <Figure id={`cars-${r.unit}`} to={`/tai-san/so-dang-ky?unit=${r.unit}&category=${CAR_CATEGORY}`}>{r.asset_count}</Figure> },
          { title: "Giá trị còn lại", align: "right", render: (_, r) => <Money vnd={r.residual_vnd} /> },
        ]}
      />
      <Table
        style={{ marginTop: 12 }} rowKey={(u) => String(u.unit)} loading={use.isPending} dataSource={use.data?.units ?? []} size="small" pagination={false} scroll={{ x: true }}
        locale={{ emptyText: "Chưa có chuyến xe nào trong kỳ." }}
        columns={[
          { title: "Đơn vị sử dụng", render: (_, u) => <UnitName code={u.unit} /> },
          { title: "Số chuyến", align: "right", render: (_, u) => <Figure id={`trips-${u.unit}`} to="/xe/hieu-suat">{u.trips}</Figure> },
          { title: "Km", align: "right", render: (_, u) => number(u.km, 0) },
          { title: "Giờ", align: "right", render: (_, u) => number(u.hours) },
          { title: "Nhiên liệu", align: "right", render: (_, u) => <Money vnd={u.fuel_cost_vnd} /> },
        ]}
      />
    </Card>
  );
}

function Spending({ year }: { year: number }) {
  const q = useQuery({ queryKey: reformKeys.budgets(year), queryFn: () => budgets(year) });
  return (
    <Card title={`Chi tiêu theo đơn vị năm ${year} (Tài chính, một quy chế)`} size="small" styles={WRAP} extra={<ExportButtons size="small" base="/api/v1/finance/reports/budgets" query={{ fiscal_year: year }} />}>
      {q.error && <ProblemAlert error={q.error} />}
      <Table<BudgetUnit>
        rowKey={(u) => String(u.unit)} loading={q.isPending} dataSource={q.data?.units ?? []} size="small" pagination={false} scroll={{ x: true }}
        columns={[
          { title: "Đơn vị", render: (_, u) => <Link style={LINK} to={`/tai-chinh/du-toan?unit=${u.unit}&fiscal_year=${year}`}><UnitName code={u.unit} /></Link> },
          { title: "Được giao", align: "right", render: (_, u) => <Figure id={`budget-${u.unit}-allocated`} to={`/tai-chinh/du-toan?unit=${u.unit}&fiscal_year=${year}`}><Money vnd={u.allocated_vnd} /></Figure> },
          { title: "Đã chi", align: "right", render: (_, u) => <Figure id={`budget-${u.unit}-spent`} to={`/tai-chinh/so-cai?unit=${u.unit}&kind=spent&fiscal_year=${year}`}><Money vnd={u.spent_vnd} /></Figure> },
          { title: "Còn khả dụng", align: "right", render: (_, u) => <Figure id={`budget-${u.unit}-available`} to={`/tai-chinh/du-toan?unit=${u.unit}&fiscal_year=${year}`}><Money vnd={u.available_vnd} /></Figure> },
          {
            title: "Vượt dự toán",
            render: (_, u) => (u.overrun_count
              ? <Link style={LINK} to={`/tai-chinh/du-toan?unit=${u.unit}&fiscal_year=${year}`}><Tag color="red">{u.overrun_count} khoản, <Money vnd={u.overrun_vnd} /></Tag></Link>
              : <Tag color="#237804">Không</Tag>),
          },
        ]}
      />
    </Card>
  );
}

function Assets() {
  const q = useQuery({ queryKey: reformKeys.register, queryFn: register });
  return (
    <Card title="Tài sản theo đơn vị (Quản trị)" size="small" styles={WRAP} extra={<ExportButtons size="small" base="/api/v1/assets/reports/register" />}>
      {q.error && <ProblemAlert error={q.error} />}
      <Table<RegisterUnit>
        rowKey={(u) => String(u.unit)} loading={q.isPending} dataSource={q.data?.units ?? []} size="small" pagination={false} scroll={{ x: true }}
        columns={[
          { title: "Đơn vị", render: (_, u) => <UnitName code={u.unit} /> },
          { title: "Số tài sản", align: "right", render: (_, u) => <Figure id={`assets-${u.unit}-count`} to={`/tai-san/so-dang-ky?unit=${u.unit}`}>{u.asset_count}</Figure> },
          { title: "Nguyên giá", align: "right", render: (_, u) => <Money vnd={u.original_cost_vnd} /> },
          { title: "Giá trị còn lại", align: "right", render: (_, u) => <Figure id={`assets-${u.unit}-residual`} to={`/tai-san/so-dang-ky?unit=${u.unit}`}><Money vnd={u.residual_vnd} /></Figure> },
        ]}
      />
    </Card>
  );
}

/** The reform at a glance for the leadership; every figure links to the list behind it. */
export default function DashboardPage() {
  const today = officeToday();
  const thisYear = dayjs(today).year();
  // the year looked at (?nam=): this year by default; the demo's year of the old way is the last one
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get("nam"));
  const year = Number.isInteger(asked) && asked >= thisYear - 10 && asked <= thisYear ? asked : thisYear;
  const from = `${year}-01-01`;
  const to = year === thisYear ? today : `${year}-12-31`;
  return (
    <Page title="Tổng quan sắp xếp bộ máy">
      <div style={{ marginBottom: 12 }}>
        <label htmlFor="dashboard-year" style={{ marginRight: 8 }}>Năm</label>
        <Select id="dashboard-year" value={year} style={{ width: 120 }}
          options={Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: String(y) }))}
          onChange={(y: number) => setParams(y === thisYear ? {} : { nam: String(y) })} />
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}><People /></Col>
        <Col xs={24} xl={12}><Spending year={year} /></Col>
        <Col xs={24} xl={12}><Cars from={from} to={to} /></Col>
        <Col xs={24} xl={12}><Assets /></Col>
      </Row>
    </Page>
  );
}
