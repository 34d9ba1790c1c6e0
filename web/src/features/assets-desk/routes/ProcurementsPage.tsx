import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, InputNumber, Modal, Segmented, Space, Table, Tag } from "antd";
import { useState } from "react";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { StatusTag } from "@/components/StatusTag";
import { dateTime, money } from "@/lib/format";
import { hasRole, useMe } from "@/lib/session";
import {
  assetKeys, listCategories, listProcurements, listStandards, receiveProcurement,
  type Procurement, type ProcurementStatus, type Standard,
} from "../api/assets";
import { TITLE_RANKS } from "../labels";

const VIEWS: { value: ProcurementStatus; label: string }[] = [
  { value: "pending_approval", label: "Chờ phê duyệt" },
  { value: "approved", label: "Chờ nhận hàng" },
  { value: "received", label: "Đã nhận" },
  { value: "awaiting_budget", label: "Chờ giữ chỗ ngân sách" },
];

type Line = NonNullable<Procurement["lines"]>[number];

/** The procurement queue with the standards of each line's category, and receiving at actual prices. */
export default function ProcurementsPage() {
  const me = useMe();
  const acts = hasRole(me, "office_assets");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ProcurementStatus>("approved");
  const [receiving, setReceiving] = useState<Procurement | null>(null);
  const [prices, setPrices] = useState<Record<number, number>>({});
  const queue = useQuery({ queryKey: [...assetKeys.all, "procurements", status], queryFn: () => listProcurements(status) });
  const standards = useQuery({ queryKey: [...assetKeys.all, "standards"], queryFn: listStandards, staleTime: 600_000 });
  const categories = useQuery({ queryKey: assetKeys.categories, queryFn: listCategories, staleTime: 600_000 });
  const names = Object.fromEntries((categories.data ?? []).map((c) => [c.code, c.name]));
  const byCategory = (code?: string) => (standards.data ?? []).filter((s: Standard) => s.category === code);
  const receive = useMutation({
    mutationFn: () => receiveProcurement(receiving!.id!, prices),
    onSuccess: (p) => {
      setReceiving(null);
      message.success(`Đã nhận hàng, ghi sổ ${p.assets?.length ?? 0} tài sản: ${(p.assets ?? []).map((a) => a.tag).join(", ")}.`);
      void queryClient.invalidateQueries({ queryKey: assetKeys.all });
    },
  });
  const lineTable = (lines: Line[]) => (
    <Table<Line>
      rowKey={(l) => String(l.id)} dataSource={lines} size="small" pagination={false}
      columns={[
        { title: "Loại", render: (_, l) => names[l.category ?? ""] ?? l.category },
        { title: "Mô tả", dataIndex: "description" },
        { title: "Số lượng", align: "right", dataIndex: "quantity" },
        { title: "Đơn giá", align: "right", render: (_, l) => money(l.unit_price_vnd) },
        { title: "Giá thực tế", align: "right", render: (_, l) => (l.actual_unit_price_vnd == null ? "—" : money(l.actual_unit_price_vnd)) },
        {
          title: "Tiêu chuẩn, định mức được kiểm tra",
          render: (_, l) => byCategory(l.category).map((s) => (
            <div key={s.id}>
              <Tag>{s.scope === "unit" ? "Dùng chung của đơn vị" : TITLE_RANKS[s.title_rank ?? ""] ?? s.title_rank}</Tag>
              tối đa {s.max_quantity ?? "—"} chiếc, {money(s.max_unit_price_vnd)} mỗi chiếc <small>({s.legal_basis})</small>
            </div>
          )),
        },
      ]}
    />
  );
  return (
    <Page title="Mua sắm tài sản" extra={<Segmented aria-label="Trạng thái" options={VIEWS} value={status} onChange={(v) => setStatus(v as ProcurementStatus)} />}>
      {(queue.error || standards.error) && <ProblemAlert error={queue.error ?? standards.error} />}
      <Space direction="vertical" style={{ width: "100%" }}>
        {(queue.data ?? []).map((p) => (
          <Card
            key={p.id} size="small"
            title={<span>#{p.id} {p.unit}: {money(p.total_vnd)} <StatusTag status={p.status} /></span>}
            extra={acts && p.status === "approved" && (
              <Button type="primary" size="small" onClick={() => {
                setPrices(Object.fromEntries((p.lines ?? []).map((l) => [l.id!, l.unit_price_vnd ?? 0])));
                receive.reset();
                setReceiving(p);
              }}>Nhận hàng</Button>
            )}
          >
            <p style={{ margin: "0 0 8px" }}>{p.note ?? ""} <small>({p.requested_by}, {dateTime(p.created_at)})</small></p>
            {lineTable(p.lines ?? [])}
          </Card>
        ))}
        {queue.data?.length === 0 && <Card size="small">Không có đề nghị mua sắm nào ở trạng thái này.</Card>}
      </Space>
      <Modal
        open={receiving !== null} title={receiving ? `Nhận hàng theo đề nghị #${receiving.id}` : ""} okText="Ghi nhận và cấp mã" cancelText="Đóng"
        okButtonProps={{ loading: receive.isPending }} onOk={() => receive.mutate()} onCancel={() => setReceiving(null)}
      >
        {(receiving?.lines ?? []).map((l) => (
          <div key={l.id} style={{ marginBottom: 8 }}>
            <label htmlFor={`price-${l.id}`}>{l.description} × {l.quantity}: đơn giá thực tế (đồng)</label>
            <InputNumber<number>
              id={`price-${l.id}`} min={0} style={{ width: "100%" }} value={prices[l.id!]} onChange={(v) => setPrices((p) => ({ ...p, [l.id!]: v ?? 0 }))}
              formatter={(v) => String(v ?? "").replace(/\B(?=(\d{3})+(?!\d))/g, ".")} parser={(v) => Number((v ?? "").replace(/\D/g, ""))}
            />
          </div>
        ))}
        <ProblemAlert error={receive.error} />
      </Modal>
    </Page>
  );
}
