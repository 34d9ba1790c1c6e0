import { useQuery } from "@tanstack/react-query";
import { Card, Col, DatePicker, Row, Space, Statistic } from "antd";
import { Page } from "@/components/Page";
import { ExportButtons } from "@/components/ExportButtons";
import { ProblemAlert } from "@/components/ProblemAlert";
import { dayjs } from "@/lib/format";
import { getStaffing, hrKeys } from "../api/hr";
import { StaffingTable } from "../components/StaffingTable";
import { Violations } from "../components/Violations";
import { useAsOf } from "../components/useAsOf";

/** The staffing table per unit with every rule it breaks, its figures and legal source. */
export default function StaffingPage() {
  const [asOf, setAsOf] = useAsOf();
  const staffing = useQuery({ queryKey: hrKeys.staffing(asOf), queryFn: () => getStaffing(asOf) });
  const t = staffing.data?.totals;
  return (
    <Page
      title="Biên chế các đơn vị"
      extra={
        <Space wrap>
          <label htmlFor="staffing-as-of">Tại ngày</label>
          <DatePicker id="staffing-as-of" format="DD/MM/YYYY" allowClear={false} value={dayjs(asOf)} onChange={(d) => d && setAsOf(d.format("YYYY-MM-DD"))} />
          <ExportButtons base="/api/v1/hr/staffing" query={{ as_of: asOf }} />
        </Space>
      }
    >
      {staffing.error && <ProblemAlert error={staffing.error} />}
      {t && (
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col><Statistic title="Biên chế được giao" value={t.quota ?? 0} /></Col>
          <Col><Statistic title="Có mặt" value={t.filled ?? 0} /></Col>
          <Col><Statistic title="Còn trống" value={t.vacant ?? 0} /></Col>
          <Col><Statistic title="Cấp phó" value={t.deputies ?? 0} /></Col>
          <Col><Statistic title="Số phòng" value={t.departments ?? 0} /></Col>
        </Row>
      )}
      <StaffingTable rows={staffing.data?.items ?? []} />
      <Card title="Vi phạm quy định" size="small" style={{ marginTop: 16 }} loading={staffing.isPending}>
        <Violations items={staffing.data?.violations ?? []} />
      </Card>
    </Page>
  );
}
