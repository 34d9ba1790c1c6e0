import { useQuery } from "@tanstack/react-query";
import { Table } from "antd";
import { ToneTag } from "@/components/StatusTag";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { date } from "@/lib/format";
import { maintenanceDue, type DueList } from "../api/fleet";
import { Km, OdometerTitle } from "../components/Km";

type Due = NonNullable<DueList["items"]>[number];

export default function MaintenancePage() {
  const due = useQuery({ queryKey: ["fleet", "due"], queryFn: maintenanceDue });
  return (
    <Page title="Xe đến hạn bảo dưỡng">
      {due.error && <ProblemAlert error={due.error} />}
      <Table<Due>
        rowKey={(d) => String(d.plan?.id)} loading={due.isPending} dataSource={due.data?.items ?? []} scroll={{ x: true }}
        locale={{ emptyText: "Không có xe nào sắp đến hạn bảo dưỡng." }}
        columns={[
          { title: "Xe", render: (_, d) => String(d.plan?.plate ?? "") },
          { title: "Nội dung", render: (_, d) => String(d.plan?.title ?? "") },
          { title: <OdometerTitle />, align: "right", render: (_, d) => <Km km={d.odometer_km} /> },
          { title: "Đến hạn (km)", align: "right", render: (_, d) => <Km km={d.due_km} /> },
          { title: "Đến hạn (ngày)", render: (_, d) => date(d.due_on) },
          { title: "Tình trạng", render: (_, d) => (d.overdue ? <ToneTag tone="refused">Quá hạn</ToneTag> : d.due_soon ? <ToneTag tone="waiting">Sắp đến hạn</ToneTag> : <ToneTag tone="neutral">Chưa đến hạn</ToneTag>) },
        ]}
      />
    </Page>
  );
}
