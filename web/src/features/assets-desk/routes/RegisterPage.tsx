import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Button, DatePicker, Descriptions, Drawer, Input, Select, Space, Table } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { ExportButtons } from "@/components/ExportButtons";
import { Money } from "@/components/Money";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { date, dayjs, officeToday } from "@/lib/format";
import {
  assetKeys, listBoards, listCategories, listItems, residualOn,
  type Asset, type AssetFilter,
} from "../api/assets";
import { AssetHistory } from "../components/AssetHistory";
import { ASSET_STATUS } from "../labels";

const FILTERS = ["q", "unit", "category", "status"] as const;

function AssetDetail({ asset }: { asset: Asset }) {
  const [asOf, setAsOf] = useState(officeToday());
  const residual = useQuery({ queryKey: assetKeys.residual(asset.id!, asOf), queryFn: () => residualOn(asset.id!, asOf) });
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <label htmlFor="residual-as-of">Giá trị còn lại tại ngày</label>
        <DatePicker id="residual-as-of" format="DD/MM/YYYY" allowClear={false} value={dayjs(asOf)} onChange={(d) => d && setAsOf(d.format("YYYY-MM-DD"))} />
      </Space>
      {residual.error && <ProblemAlert error={residual.error} />}
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label="Nguyên giá"><Money vnd={residual.data?.original_cost_vnd} /></Descriptions.Item>
        <Descriptions.Item label="Hao mòn lũy kế"><Money vnd={residual.data?.accumulated_wear_vnd} /></Descriptions.Item>
        <Descriptions.Item label="Giá trị còn lại"><Money vnd={residual.data?.residual_vnd} /></Descriptions.Item>
        <Descriptions.Item label="Đơn vị tại ngày đó">{residual.data?.unit ?? "—"}</Descriptions.Item>
      </Descriptions>
      <AssetHistory assetId={asset.id!} />
    </>
  );
}

/** The asset register with search and filters from the address, each asset's history and residual value as of a date. */
export default function RegisterPage() {
  const [params, setParams] = useSearchParams();
  const filter: AssetFilter = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) (filter as Record<string, string>)[name] = value;
  }
  const setFilter = (name: (typeof FILTERS)[number], value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value); else next.delete(name);
    setParams(next, { replace: true });
  };
  const [open, setOpen] = useState<Asset | null>(null);
  const categories = useQuery({ queryKey: assetKeys.categories, queryFn: listCategories, staleTime: 600_000 });
  const boards = useQuery({ queryKey: assetKeys.boards, queryFn: listBoards, staleTime: 600_000 });
  const items = useInfiniteQuery({
    queryKey: assetKeys.items(filter),
    queryFn: ({ pageParam }) => listItems(filter, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
  const names = Object.fromEntries((categories.data ?? []).map((c) => [c.code, c.name]));
  const rows = items.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  return (
    <Page title="Sổ tài sản" extra={<ExportButtons base="/api/v1/assets/items/export" query={filter} />}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label="Tìm theo mã, tên, biển số" placeholder="Tìm theo mã, tên, biển số" defaultValue={filter.q ?? ""} allowClear
          onSearch={(q) => setFilter("q", q.trim() || undefined)} style={{ width: 280 }}
        />
        <label htmlFor="asset-unit">Đơn vị</label>
        <Select id="asset-unit" allowClear placeholder="Tất cả" style={{ minWidth: 140 }} value={filter.unit} onChange={(v) => setFilter("unit", v)}
          options={(boards.data ?? []).map((u) => ({ value: u.code, label: u.code }))} />
        <label htmlFor="asset-category">Loại</label>
        <Select id="asset-category" allowClear placeholder="Tất cả" style={{ minWidth: 220 }} value={filter.category} onChange={(v) => setFilter("category", v)}
          options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))} />
        <label htmlFor="asset-status">Trạng thái</label>
        <Select id="asset-status" allowClear placeholder="Tất cả" style={{ minWidth: 160 }} value={filter.status} onChange={(v) => setFilter("status", v)}
          options={Object.entries(ASSET_STATUS).map(([value, label]) => ({ value, label }))} />
      </Space>
      {items.error && <ProblemAlert error={items.error} />}
      <Table<Asset>
        rowKey={(a) => String(a.id)} loading={items.isPending} dataSource={rows} size="small" pagination={false} scroll={{ x: true }}
        locale={{ emptyText: "Không có tài sản nào khớp bộ lọc." }}
        columns={[
          { title: "Mã", dataIndex: "tag" },
          { title: "Tên", dataIndex: "name" },
          { title: "Loại", render: (_, a) => names[a.category ?? ""] ?? a.category },
          { title: "Đơn vị", dataIndex: "unit" },
          { title: "Ngày ghi tăng", render: (_, a) => date(a.acquired_on) },
          { title: "Nguyên giá", align: "right", render: (_, a) => <Money vnd={a.original_cost_vnd} /> },
          { title: "Còn lại", align: "right", render: (_, a) => <Money vnd={a.residual_vnd} /> },
          { title: "Trạng thái", render: (_, a) => ASSET_STATUS[a.status ?? ""] ?? a.status },
          { title: "Lịch sử", render: (_, a) => <Button size="small" onClick={() => setOpen(a)}>Xem</Button> },
        ]}
      />
      {items.hasNextPage && <Button style={{ marginTop: 12 }} loading={items.isFetchingNextPage} onClick={() => void items.fetchNextPage()}>Xem thêm</Button>}
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={520} title={open ? `${open.tag}: ${open.name}` : ""}>
        {open && <AssetDetail asset={open} />}
      </Drawer>
    </Page>
  );
}
