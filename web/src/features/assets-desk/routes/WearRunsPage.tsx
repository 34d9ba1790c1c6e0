import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Popconfirm, Table } from "antd";
import { useState } from "react";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { dateTime, dayjs, money, officeToday } from "@/lib/format";
import { hasRole, useMe } from "@/lib/session";
import { assetKeys, listWearRuns, runWear, type WearRun } from "../api/assets";

/** The yearly wear runs made, and running a year (a second run of a year books nothing more). */
export default function WearRunsPage() {
  const me = useMe();
  const acts = hasRole(me, "office_assets");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [year] = useState(dayjs(officeToday()).year());
  const runs = useQuery({ queryKey: assetKeys.wearRuns, queryFn: listWearRuns });
  const run = useMutation({
    mutationFn: () => runWear(year),
    onSuccess: (r) => {
      message.success(`Đã trích hao mòn năm ${r.fiscal_year}: ${r.recorded_now ?? 0} tài sản, ${money(r.recorded_now_vnd)}.`);
      void queryClient.invalidateQueries({ queryKey: assetKeys.all });
    },
  });
  return (
    <Page
      title="Trích hao mòn tài sản"
      extra={acts && (
        <Popconfirm
          title={`Trích hao mòn năm ${year}?`} description="Mỗi tài sản được ghi hao mòn của năm một lần; chạy lại không ghi thêm."
          okText="Trích hao mòn" cancelText="Không" onConfirm={() => run.mutate()}
        >
          <Button type="primary" loading={run.isPending}>Trích hao mòn năm {year}</Button>
        </Popconfirm>
      )}
    >
      <ProblemAlert error={run.error ?? runs.error} />
      <Table<WearRun>
        rowKey={(r) => String(r.fiscal_year)} loading={runs.isPending} dataSource={runs.data ?? []} size="small" scroll={{ x: true }} pagination={false}
        locale={{ emptyText: "Chưa trích hao mòn năm nào." }}
        columns={[
          { title: "Năm", dataIndex: "fiscal_year" },
          { title: "Số tài sản", align: "right", dataIndex: "asset_count" },
          { title: "Tổng hao mòn", align: "right", render: (_, r) => money(r.total_wear_vnd) },
          { title: "Theo đơn vị", render: (_, r) => (r.by_unit ?? []).map((u) => `${u.unit}: ${u.asset_count} tài sản, ${money(u.wear_vnd)}`).join("; ") },
          { title: "Lần chạy", align: "right", dataIndex: "executions" },
          { title: "Chạy đầu", render: (_, r) => `${r.first_run_by ?? ""}, ${dateTime(r.first_run_at)}` },
          { title: "Chạy gần nhất", render: (_, r) => `${r.last_run_by ?? ""}, ${dateTime(r.last_run_at)}` },
        ]}
      />
    </Page>
  );
}
