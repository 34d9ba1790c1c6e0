import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Modal, Segmented, Space, Table, Tag } from "antd";
import { useState } from "react";
import { Money } from "@/components/Money";
import { MoneyInput } from "@/components/MoneyInput";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { StatusTag } from "@/components/StatusTag";
import { dateTime } from "@/lib/format";
import { ruleMessage } from "@/lib/messages";
import { hasRole, useMe } from "@/lib/session";
import {
  assetKeys, checkProcurement, listCategories, listProcurements, receiveProcurement,
  type LineCheck, type Procurement, type ProcurementStatus,
} from "../api/assets";
import { TITLE_RANKS } from "../labels";

const VIEWS: { value: ProcurementStatus; label: string }[] = [
  { value: "draft", label: "Dự thảo" },
  { value: "pending_approval", label: "Chờ phê duyệt" },
  { value: "approved", label: "Chờ nhận hàng" },
  { value: "received", label: "Đã nhận" },
  { value: "awaiting_budget", label: "Chờ giữ chỗ ngân sách" },
];

type Line = NonNullable<Procurement["lines"]>[number];

/** The standard one line is held to, what the beneficiary (or the board) holds and asks, and its breaches. */
function StandardCell({ check }: { check?: LineCheck }) {
  if (!check) return <>—</>;
  const s = check.standard as Exclude<LineCheck["standard"], Record<string, never>> | null | undefined;
  const breaches = (check.breaches ?? []) as ({ rule?: string; message?: string } & Record<string, unknown>)[];
  return (
    <div>
      {s?.scope ? (
        <div>
          <Tag>{s.scope === "unit" ? "Dùng chung của đơn vị" : TITLE_RANKS[s.title_rank ?? ""] ?? s.title_rank}</Tag>
          tối đa {s.max_quantity ?? "—"} chiếc, <Money vnd={s.max_unit_price_vnd} /> mỗi chiếc <small>({s.legal_basis ?? "—"})</small>
        </div>
      ) : <div>Loại tài sản không có tiêu chuẩn, định mức.</div>}
      <small>Đang có {check.held ?? 0}, đang đề nghị khác {check.pending ?? 0}, đề nghị này {check.asked ?? 0}.</small>{" "}
      {check.within
        ? <Tag color="#237804">Trong tiêu chuẩn</Tag>
        : breaches.map((b, i) => <Tag key={i} color="red">{(b.rule && ruleMessage(b.rule, b)) ?? b.message ?? b.rule}</Tag>)}
    </div>
  );
}

/** The procurement queue with the standard each line is checked against, and receiving at actual prices. */
export default function ProcurementsPage() {
  const me = useMe();
  const acts = hasRole(me, "office_assets");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ProcurementStatus>("approved");
  const [receiving, setReceiving] = useState<Procurement | null>(null);
  const [prices, setPrices] = useState<Record<number, number>>({});
  const queue = useQuery({ queryKey: [...assetKeys.all, "procurements", status], queryFn: () => listProcurements(status) });
  const categories = useQuery({ queryKey: assetKeys.categories, queryFn: listCategories, staleTime: 600_000 });
  const names = Object.fromEntries((categories.data ?? []).map((c) => [c.code, c.name]));
  const receive = useMutation({
    mutationFn: () => receiveProcurement(receiving!.id!, prices),
    onSuccess: (p) => {
      setReceiving(null);
      message.success(`Đã nhận hàng, ghi sổ ${p.assets?.length ?? 0} tài sản: ${(p.assets ?? []).map((a) => a.tag).join(", ")}.`);
      void queryClient.invalidateQueries({ queryKey: assetKeys.all });
    },
  });
  return (
    <Page title="Mua sắm tài sản" extra={<Segmented aria-label="Trạng thái" options={VIEWS} value={status} onChange={(v) => setStatus(v as ProcurementStatus)} />}>
      {queue.error && <ProblemAlert error={queue.error} />}
      <Space direction="vertical" style={{ width: "100%" }}>
        {(queue.data ?? []).map((p) => (
          <Card
            key={p.id} size="small"
            title={<span>#{p.id} {p.unit}: <Money vnd={p.total_vnd} /> <StatusTag status={p.status} /></span>}
            extra={acts && p.status === "approved" && (
              <Button type="primary" size="small" onClick={() => {
                setPrices(Object.fromEntries((p.lines ?? []).map((l) => [l.id!, l.unit_price_vnd ?? 0])));
                receive.reset();
                setReceiving(p);
              }}>Nhận hàng</Button>
            )}
          >
            <p style={{ margin: "0 0 8px" }}>{p.note ?? ""} <small>({p.requested_by}, {dateTime(p.created_at)})</small></p>
            <Lines procurement={p} names={names} />
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
            <MoneyInput id={`price-${l.id}`} min={0} value={prices[l.id!]} onChange={(v) => setPrices((p) => ({ ...p, [l.id!]: v ?? 0 }))} />
          </div>
        ))}
        <ProblemAlert error={receive.error} />
      </Modal>
    </Page>
  );
}

/** A request's lines, each with the standard the service checks it against (GET .../check). */
function Lines({ procurement, names }: { procurement: Procurement; names: Record<string, string | undefined> }) {
  const check = useQuery({ queryKey: [...assetKeys.all, "procurement-check", procurement.id], queryFn: () => checkProcurement(procurement.id!) });
  const byPosition = new Map((check.data?.lines ?? []).map((l) => [l.position, l]));
  return (
    <>
      {check.error && <ProblemAlert error={check.error} />}
      <Table<Line>
        rowKey={(l) => String(l.id)} dataSource={procurement.lines ?? []} size="small" pagination={false} scroll={{ x: true }}
        columns={[
          { title: "Loại", render: (_, l) => names[l.category ?? ""] ?? l.category },
          { title: "Mô tả", dataIndex: "description" },
          { title: "Số lượng", align: "right", dataIndex: "quantity" },
          { title: "Đơn giá", align: "right", render: (_, l) => <Money vnd={l.unit_price_vnd} /> },
          { title: "Giá thực tế", align: "right", render: (_, l) => (l.actual_unit_price_vnd == null ? "—" : <Money vnd={l.actual_unit_price_vnd} />) },
          {
            title: "Tiêu chuẩn, định mức được kiểm tra",
            render: (_, l) => (check.isPending ? "…" : <StandardCell check={byPosition.get(l.position)} />),
          },
        ]}
      />
    </>
  );
}
