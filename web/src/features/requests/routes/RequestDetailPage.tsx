import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Descriptions, Input, Modal, Timeline } from "antd";
import { useState, type ReactNode } from "react";
import { useParams } from "react-router";
import { Loading, Page } from "@/components/Page";
import { Money } from "@/components/Money";
import { ProblemAlert } from "@/components/ProblemAlert";
import { StatusTag } from "@/components/StatusTag";
import { isProblem } from "@/lib/api/problem";
import { date, dateTime, number } from "@/lib/format";
import { categoryLabel, statusLabel } from "@/lib/messages";
import { NotFound } from "../components/NotFound";
import {
  WITHDRAWABLE, getBooking, getExpense, getProcurement, requestKeys, withdraw,
  type Booking, type Expense, type Kind, type Procurement,
} from "../api/requests";

type Step = { at: string | null | undefined; text: string };
type View = { title: string; status: string; fields: [string, ReactNode][]; history: Step[] };

function bookingView(b: Booking): View {
  return {
    title: `Phiếu đặt xe #${b.id}`,
    status: b.status ?? "",
    fields: [
      ["Mục đích", b.purpose], ["Nơi đến", b.destination], ["Khởi hành", dateTime(b.start_at)], ["Về", dateTime(b.end_at)],
      ["Số người", String(b.passengers ?? "")], ["Xe", String(b.vehicle_plate ?? "—")], ["Quãng đường", b.km != null ? `${number(b.km, 0)} km` : "—"],
      ["Nhiên liệu", b.fuel_litres != null ? <>{number(b.fuel_litres)} lít, <Money vnd={b.fuel_cost_vnd} /></> : "—"],
      ["Người đặt", b.requested_by], ["Đơn vị", b.unit],
    ],
    history: [
      { at: b.created_at, text: `Đặt xe (${b.requested_by ?? ""})` },
      { at: b.decided_at, text: `${b.status === "rejected" ? "Từ chối" : "Phê duyệt"} (${b.decided_by ?? ""})${b.decision_note ? `: ${b.decision_note}` : ""}` },
      { at: b.dispatched_at, text: `Điều xe ${b.vehicle_plate ?? ""} (${b.dispatched_by ?? ""})` },
      { at: b.started_at, text: "Xe xuất phát" },
      { at: b.completed_at, text: "Hoàn thành chuyến đi" },
      { at: b.cancelled_at, text: `Hủy (${b.cancelled_by ?? ""})${b.cancel_reason ? `: ${b.cancel_reason}` : ""}` },
    ],
  };
}

function expenseView(e: Expense): View {
  return {
    title: `Đề nghị chi #${e.id}`,
    status: e.status ?? "",
    fields: [
      ["Nội dung", e.description], ["Khoản mục", categoryLabel(e.category ?? "")], ["Số tiền", <Money vnd={e.amount_vnd} />],
      ["Ngày", date(e.date)], ["Định mức", e.norm_limit_vnd != null ? <Money vnd={e.norm_limit_vnd} /> : "—"],
      ["Đã thanh toán", <Money vnd={e.paid_amount_vnd ?? 0} />], ["Người đề nghị", e.requested_by], ["Đơn vị", e.unit],
    ],
    history: [
      { at: e.created_at, text: `Gửi đề nghị (${e.requested_by ?? ""})` },
      ...(e.decisions ?? []).map((d) => ({ at: d.at, text: `${statusLabel(d.status ?? "")} (${d.by_username ?? ""})${d.reason ? `: ${d.reason}` : ""}` })),
    ],
  };
}

function procurementView(p: Procurement): View {
  return {
    title: `Đề nghị mua sắm #${p.id}`,
    status: p.status ?? "",
    fields: [
      ["Nội dung", (p.lines ?? []).map((l) => `${l.description} × ${l.quantity}`).join("; ")],
      ["Tổng tiền", <Money vnd={p.total_vnd} />], ["Năm ngân sách", String(p.fiscal_year ?? "")], ["Người đề nghị", p.requested_by], ["Đơn vị", p.unit],
    ],
    history: (p.steps ?? []).map((s) => ({ at: s.at, text: `${statusLabel(s.status ?? "")}${s.actor ? ` (${s.actor})` : ""}${s.note ? `: ${s.note}` : ""}` })),
  };
}

const LOADERS: Record<Kind, (id: number) => Promise<View>> = {
  "dat-xe": (id) => getBooking(id).then(bookingView),
  "de-nghi-chi": (id) => getExpense(id).then(expenseView),
  "mua-sam": (id) => getProcurement(id).then(procurementView),
};

export default function RequestDetailPage() {
  const { kind, id } = useParams();
  const numericId = Number(id);
  const known = kind !== undefined && kind in LOADERS && Number.isInteger(numericId) && numericId > 0;
  const k = kind as Kind;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const view = useQuery({ queryKey: requestKeys.one(k, numericId), queryFn: () => LOADERS[k](numericId), enabled: known });
  const cancel = useMutation({
    mutationFn: () => withdraw[k](numericId, reason.trim()),
    onSuccess: () => {
      setAsking(false);
      message.success("Đã rút đề nghị.");
      void queryClient.invalidateQueries({ queryKey: requestKeys.all });
    },
  });
  if (!known || (isProblem(view.error) && view.error.status === 404)) return <NotFound />;
  if (view.error) return <ProblemAlert error={view.error} />;
  if (!view.data) return <Loading />;
  const v = view.data;
  return (
    <Page
      title={v.title}
      extra={WITHDRAWABLE[k].includes(v.status) && <Button danger onClick={() => setAsking(true)}>Rút đề nghị</Button>}
    >
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="Trạng thái"><StatusTag status={v.status} /></Descriptions.Item>
          {v.fields.map(([label, value]) => <Descriptions.Item key={label} label={label}>{value ?? "—"}</Descriptions.Item>)}
        </Descriptions>
      </Card>
      <Card title="Diễn biến">
        <Timeline
          items={v.history.filter((s) => s.at).sort((a, b) => a.at!.localeCompare(b.at!)).map((s) => ({ children: `${dateTime(s.at)}: ${s.text}` }))}
        />
      </Card>
      <Modal
        open={asking}
        title="Rút đề nghị"
        okText="Rút đề nghị"
        cancelText="Không"
        okButtonProps={{ danger: true, loading: cancel.isPending }}
        onOk={() => cancel.mutate()}
        onCancel={() => setAsking(false)}
      >
        <label htmlFor="withdraw-reason">Lý do (không bắt buộc)</label>
        <Input.TextArea id="withdraw-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        {cancel.error && <div style={{ marginTop: 12 }}><ProblemAlert error={cancel.error} /></div>}
      </Modal>
    </Page>
  );
}
