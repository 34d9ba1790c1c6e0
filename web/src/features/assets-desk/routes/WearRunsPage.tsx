import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Popconfirm, Statistic, Table, Tag } from "antd";
import { useState } from "react";
import { Page } from "@/components/Page";
import { Money } from "@/components/Money";
import { ProblemAlert } from "@/components/ProblemAlert";
import { dateTime, dayjs, money, number, officeToday } from "@/lib/format";
import { hasRole, useMe } from "@/lib/session";
import { assetKeys, listWearRuns, previewWear, runWear, type WearPreviewItem, type WearRun } from "../api/assets";

/** The yearly wear runs made, and running a year (a second run of a year books nothing more). */
export default function WearRunsPage() {
  const me = useMe();
  const acts = hasRole(me, "office_assets");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [year] = useState(dayjs(officeToday()).year());
  const runs = useQuery({ queryKey: assetKeys.wearRuns, queryFn: listWearRuns });
  // the totals come with every page (over every asset due); the assets a page at a time
  const preview = useInfiniteQuery({
    queryKey: assetKeys.wearPreview(year),
    queryFn: ({ pageParam }) => previewWear(year, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
  const p = preview.data?.pages[0];
  const items = preview.data?.pages.flatMap((page) => page.items ?? []) ?? [];
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
      <ProblemAlert error={run.error ?? runs.error ?? preview.error} />
      <Card
        size="small" style={{ marginBottom: 16 }} loading={preview.isPending}
        title={<span>Sẽ ghi khi trích hao mòn năm {year} {p?.already_run ? <Tag>Năm đã trích: chỉ ghi tài sản còn thiếu</Tag> : null}</span>}
      >
        <div style={{ display: "flex", gap: 32, flexWrap: "wrap", marginBottom: 12 }}>
          <Statistic title="Số tài sản sẽ ghi" valueRender={() => <span data-testid="wear-preview-count">{p?.asset_count ?? 0}</span>} />
          <Statistic title="Tổng hao mòn sẽ ghi" valueRender={() => <span data-testid="wear-preview-total"><Money vnd={p?.total_wear_vnd} /></span>} />
        </div>
        <Table
          rowKey={(u) => String(u.unit)} dataSource={p?.by_unit ?? []} size="small" pagination={false} scroll={{ x: true }}
          locale={{ emptyText: "Không có tài sản nào đến kỳ trích hao mòn." }}
          columns={[
            { title: "Đơn vị", dataIndex: "unit" },
            { title: "Số tài sản", align: "right", dataIndex: "asset_count" },
            { title: "Hao mòn sẽ ghi", align: "right", render: (_, u) => <Money vnd={u.wear_vnd} /> },
          ]}
        />
        <Table<WearPreviewItem>
          style={{ marginTop: 12 }} rowKey={(i) => String(i.asset_id)} dataSource={items} size="small" scroll={{ x: true }}
          pagination={false} data-testid="wear-preview-items"
          columns={[
            { title: "Mã", dataIndex: "tag" },
            { title: "Tài sản", dataIndex: "name" },
            { title: "Đơn vị", dataIndex: "unit" },
            { title: "Nguyên giá", align: "right", render: (_, i) => <Money vnd={i.original_cost_vnd} /> },
            { title: "Đã hao mòn", align: "right", render: (_, i) => <Money vnd={i.accumulated_wear_vnd} /> },
            { title: "Tỷ lệ", align: "right", render: (_, i) => `${number(i.wear_rate_pct ?? 0)}%` },
            { title: "Hao mòn năm", align: "right", render: (_, i) => <Money vnd={i.wear_vnd} /> },
            { title: "Còn lại sau", align: "right", render: (_, i) => <Money vnd={i.residual_after_vnd} /> },
          ]}
        />
        {preview.hasNextPage && (
          <Button style={{ marginTop: 12 }} loading={preview.isFetchingNextPage} onClick={() => void preview.fetchNextPage()}>
            Xem thêm ({items.length}/{p?.asset_count ?? 0} tài sản)
          </Button>
        )}
      </Card>
      <Table<WearRun>
        rowKey={(r) => String(r.fiscal_year)} loading={runs.isPending} dataSource={runs.data ?? []} size="small" scroll={{ x: true }} pagination={false}
        locale={{ emptyText: "Chưa trích hao mòn năm nào." }}
        columns={[
          { title: "Năm", dataIndex: "fiscal_year" },
          { title: "Số tài sản", align: "right", dataIndex: "asset_count" },
          { title: "Tổng hao mòn", align: "right", render: (_, r) => <Money vnd={r.total_wear_vnd} /> },
          { title: "Theo đơn vị", render: (_, r) => (r.by_unit ?? []).map((u, i) => <span key={u.unit}>{i ? "; " : ""}{u.unit}: {u.asset_count} tài sản, <Money vnd={u.wear_vnd} /></span>) },
          { title: "Lần chạy", align: "right", dataIndex: "executions" },
          { title: "Chạy đầu", render: (_, r) => `${r.first_run_by ?? ""}, ${dateTime(r.first_run_at)}` },
          { title: "Chạy gần nhất", render: (_, r) => `${r.last_run_by ?? ""}, ${dateTime(r.last_run_at)}` },
        ]}
      />
    </Page>
  );
}
