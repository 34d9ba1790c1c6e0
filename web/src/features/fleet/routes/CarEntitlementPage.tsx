import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Col, DatePicker, Input, InputNumber, Modal, Row, Space, Statistic, Table } from "antd";
import { useState } from "react";
import { Money } from "@/components/Money";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { ToneTag } from "@/components/StatusTag";
import { date, dateTime, dayjs, officeToday } from "@/lib/format";
import { hasRole, useMe } from "@/lib/session";
import {
  entitlementKeys, getEntitlement, getVehicle, listExceptions, reasonText, recordException, replacementOf,
  withdrawException, type CarLimitException, type EntitlementLine, type Vehicle,
} from "../api/entitlement";
import { Km, OdometerTitle } from "../components/Km";

const NOWRAP = { whiteSpace: "nowrap" } as const;

/** The leadership lets the Office hold more cars than its entitlement, by a decision number. */
function ExceptionForm() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState("");
  const [cars, setCars] = useState<number | null>(1);
  const [decidedOn, setDecidedOn] = useState<string>(officeToday());
  const [note, setNote] = useState("");
  const record = useMutation({
    mutationFn: () => recordException({ decision_no: decision.trim(), extra_cars: cars ?? 1, decided_on: decidedOn, note: note.trim() || null }),
    onSuccess: (e) => {
      setDecision(""); setCars(1); setNote("");
      message.success(`Đã ghi quyết định số ${e.decision_no}: thêm ${e.extra_cars} xe.`);
      void queryClient.invalidateQueries({ queryKey: entitlementKeys.all });
    },
  });
  return (
    <section aria-label="Ghi quyết định cho phép vượt định mức" style={{ marginBottom: 16 }}>
      <Space wrap align="end">
        <div><label htmlFor="exception-decision">Số quyết định</label><Input id="exception-decision" placeholder="123-QĐ/TU" value={decision} onChange={(e) => setDecision(e.target.value)} /></div>
        <div>
          <label htmlFor="exception-cars">Số xe được thêm</label>
          <InputNumber<number> id="exception-cars" min={1} max={100} precision={0} style={{ display: "block" }} value={cars} onChange={setCars} />
        </div>
        <div>
          <label htmlFor="exception-date">Ngày quyết định</label>
          <DatePicker id="exception-date" format="DD/MM/YYYY" allowClear={false} style={{ display: "block" }} value={dayjs(decidedOn)} onChange={(d) => d && setDecidedOn(d.format("YYYY-MM-DD"))} />
        </div>
        <div style={{ minWidth: 280 }}><label htmlFor="exception-note">Ghi chú (không bắt buộc)</label><Input id="exception-note" value={note} onChange={(e) => setNote(e.target.value)} /></div>
        <Button type="primary" loading={record.isPending} disabled={!decision.trim() || !cars} onClick={() => record.mutate()}>Ghi quyết định</Button>
      </Space>
      {record.error && <div style={{ marginTop: 12 }}><ProblemAlert error={record.error} /></div>}
    </section>
  );
}

/** Every exception, the withdrawn ones too, newest first; the leadership withdraws one (mistaken or
 * expired) with its reason, and its cars stop counting. */
function Exceptions({ leader }: { leader: boolean }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [withdrawing, setWithdrawing] = useState<CarLimitException | null>(null);
  const [reason, setReason] = useState("");
  const list = useInfiniteQuery({
    queryKey: entitlementKeys.exceptions,
    queryFn: ({ pageParam }) => listExceptions(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
  const withdraw = useMutation({
    mutationFn: () => withdrawException(withdrawing!.id!, reason.trim()),
    onSuccess: (x) => {
      setWithdrawing(null);
      message.success(`Đã thu hồi quyết định số ${x.decision_no}: không còn tính thêm ${x.extra_cars} xe.`);
      void queryClient.invalidateQueries({ queryKey: entitlementKeys.all });
    },
  });
  const rows = list.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  return (
    <>
      {list.error && <ProblemAlert error={list.error} />}
      <Table<CarLimitException>
        rowKey={(x) => String(x.id)} loading={list.isPending} dataSource={rows} size="small" pagination={false} scroll={{ x: true }}
        locale={{ emptyText: "Chưa có quyết định nào." }}
        columns={[
          { title: "Số quyết định", render: (_, x) => <span style={NOWRAP}>{x.decision_no}</span> },
          { title: "Ngày", render: (_, x) => <span style={NOWRAP}>{date(x.decided_on)}</span> },
          { title: "Số xe thêm", align: "right", dataIndex: "extra_cars" },
          { title: "Ghi chú", render: (_, x) => x.note ?? "—" },
          { title: "Người ghi", render: (_, x) => x.recorded_by ?? "—" },
          {
            title: "Tình trạng",
            render: (_, x) => (x.withdrawn_at ? (
              <div data-testid={`exception-${x.decision_no}-status`}>
                <ToneTag tone="neutral">Đã thu hồi</ToneTag>
                <div><small>{`${dateTime(x.withdrawn_at)}, ${x.withdrawn_by ?? ""}: ${x.withdraw_reason ?? ""}`}</small></div>
              </div>
            ) : <span data-testid={`exception-${x.decision_no}-status`}><ToneTag tone="done">Đang áp dụng</ToneTag></span>),
          },
          ...(leader
            ? [{
                title: "Thao tác",
                render: (_: unknown, x: CarLimitException) => (x.withdrawn_at ? null : (
                  <Button size="small" danger data-testid={`withdraw-${x.decision_no}`}
                    onClick={() => { setWithdrawing(x); setReason(""); withdraw.reset(); }}>Thu hồi</Button>
                )),
              }]
            : []),
        ]}
      />
      {list.hasNextPage && (
        <Button style={{ marginTop: 12 }} loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>Xem thêm</Button>
      )}
      <Modal
        open={withdrawing !== null}
        title={withdrawing ? `Thu hồi quyết định số ${withdrawing.decision_no} (thêm ${withdrawing.extra_cars} xe)` : ""}
        okText="Thu hồi" cancelText="Đóng" okButtonProps={{ danger: true, loading: withdraw.isPending, disabled: !reason.trim() }}
        onOk={() => withdraw.mutate()} onCancel={() => setWithdrawing(null)}
      >
        <p>Sau khi thu hồi, số xe theo quyết định này không còn được tính vào mức tối đa được giữ.</p>
        <label htmlFor="withdraw-reason">Lý do thu hồi (bắt buộc)</label>
        <Input.TextArea id="withdraw-reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        {withdraw.error && <div style={{ marginTop: 12 }}><ProblemAlert error={withdraw.error} /></div>}
      </Modal>
    </>
  );
}

/** The cars flagged for replacement, each with the conditions of Art 3.4 it meets. */
function ReplacementDue({ ids }: { ids: number[] }) {
  const cars = useQueries({ queries: ids.map((id) => ({ queryKey: entitlementKeys.vehicle(id), queryFn: () => getVehicle(id) })) });
  const failed = cars.find((c) => c.error)?.error;
  const rows = cars.map((c) => c.data).filter((v): v is Vehicle => !!v);
  return (
    <Card size="small" title={`Xe đến hạn thay thế (${ids.length})`} style={{ marginBottom: 16 }}>
      {failed && <ProblemAlert error={failed} />}
      <Table<Vehicle>
        rowKey={(v) => String(v.id)} loading={cars.some((c) => c.isPending)} dataSource={rows} size="small" pagination={false} scroll={{ x: true }}
        locale={{ emptyText: "Không có xe nào đến hạn thay thế." }}
        columns={[
          { title: "Biển số", render: (_, v) => <span style={NOWRAP} data-testid={`replacement-${v.plate}`}>{v.plate}</span> },
          { title: "Loại xe", dataIndex: "model" },
          { title: "Ngày mua", render: (_, v) => <span style={NOWRAP}>{date(v.acquired_on)}</span> },
          { title: "Nguyên giá", align: "right", render: (_, v) => <Money vnd={v.original_cost_vnd} /> },
          { title: <OdometerTitle />, align: "right", render: (_, v) => <Km km={v.odometer_km} /> },
          {
            title: "Lý do thay thế",
            render: (_, v) => (
              <ul style={{ margin: 0, paddingLeft: 18 }} data-testid={`replacement-${v.plate}-reasons`}>
                {replacementOf(v).reasons.map((r) => <li key={r.code}>{reasonText(r)}</li>)}
              </ul>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** The Office's general-use cars against its entitlement, the exceptions, and the cars to replace. */
export default function CarEntitlementPage() {
  const me = useMe();
  const q = useQuery({ queryKey: entitlementKeys.all, queryFn: getEntitlement });
  const e = q.data;
  const over = e && e.held !== undefined && e.limit !== undefined && e.held > e.limit;
  return (
    <Page title="Định mức xe công của Văn phòng">
      {q.error && <ProblemAlert error={q.error} />}
      <Card size="small" style={{ marginBottom: 16 }}
        title={e ? `Xe phục vụ công tác chung (nhu cầu tính từ ${date(e.from)} đến ${date(e.to)})` : "Xe phục vụ công tác chung"}
        styles={{ title: { whiteSpace: "normal" } }}
        extra={e && (over ? <ToneTag tone="refused">Vượt định mức</ToneTag> : <ToneTag tone="done">Trong định mức</ToneTag>)}>
        <Row gutter={[16, 16]}>
          <Col xs={12} md={8} xl={4}><Statistic title="Xe đang có" valueRender={() => <span data-testid="entitlement-held">{e?.held ?? "—"}</span>} /></Col>
          <Col xs={12} md={8} xl={4}><Statistic title="Định mức được trang bị" valueRender={() => <span data-testid="entitlement-entitled">{e?.entitled ?? "—"}</span>} /></Col>
          <Col xs={12} md={8} xl={4}><Statistic title="Thêm theo quyết định" valueRender={() => <span data-testid="entitlement-exception-cars">{e?.exception_cars ?? "—"}</span>} /></Col>
          <Col xs={12} md={8} xl={4}><Statistic title="Tối đa được giữ" valueRender={() => <span data-testid="entitlement-limit">{e?.limit ?? "—"}</span>} /></Col>
          <Col xs={12} md={8} xl={4}><Statistic title="Nhu cầu cao nhất (xe cùng lúc)" valueRender={() => <span data-testid="entitlement-needed">{e?.needed ?? "—"}</span>} /></Col>
          <Col xs={12} md={8} xl={4}><Statistic title="Vào lúc" valueRender={() => <span style={{ fontSize: 16 }}>{dateTime(e?.needed_at)}</span>} /></Col>
        </Row>
      </Card>
      {e && <ReplacementDue ids={e.replacement_due ?? []} />}
      <Card size="small" title="Quyết định cho phép vượt định mức" style={{ marginBottom: 16 }}>
        {hasRole(me, "leadership") && <ExceptionForm />}
        <Exceptions leader={hasRole(me, "leadership")} />
      </Card>
      <Card size="small" title="Cách tính định mức">
        <Table<EntitlementLine>
          rowKey={(l) => String(l.rule)} loading={q.isPending} dataSource={e?.breakdown ?? []} size="small" pagination={false} scroll={{ x: true }}
          columns={[
            { title: "Căn cứ", dataIndex: "rule" },
            { title: "Số xe", align: "right", dataIndex: "cars" },
            { title: "Nguồn", render: (_, l) => `${l.source ?? ""} ${l.mark ?? ""}`.trim() },
          ]}
        />
      </Card>
    </Page>
  );
}
