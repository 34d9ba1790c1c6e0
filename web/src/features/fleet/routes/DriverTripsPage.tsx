import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Empty, Form, InputNumber, List, Modal, Space, Typography } from "antd";
import { useState } from "react";
import { Loading, Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { StatusTag } from "@/components/StatusTag";
import { isProblem } from "@/lib/api/problem";
import { date, dayjs, officeToday, time } from "@/lib/format";
import { useMe } from "@/lib/session";
import { completeTrip, driverSchedule, getBooking, getVehicle, startTrip, type Booking } from "../api/fleet";

type Step = { kind: "start" | "complete"; booking: Booking };

function TripDialog({ step, onClose }: { step: Step; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const b = step.booking;
  const vehicle = useQuery({ queryKey: ["fleet", "vehicle", b.vehicle_id], queryFn: () => getVehicle(b.vehicle_id!), enabled: !!b.vehicle_id });
  const [form] = Form.useForm<{ odometer: number; fuel_litres: number; fuel_cost_vnd: number }>();
  const send = useMutation({
    mutationFn: (v: { odometer: number; fuel_litres: number; fuel_cost_vnd: number }) =>
      step.kind === "start"
        ? startTrip(b.id!, b.vehicle_id!, v.odometer)
        : completeTrip(b.id!, { odometer_end_km: v.odometer, fuel_litres: v.fuel_litres, fuel_cost_vnd: v.fuel_cost_vnd } as never),
    onSuccess: () => {
      message.success(step.kind === "start" ? "Đã ghi nhận xuất phát." : "Đã hoàn thành chuyến đi.");
      void queryClient.invalidateQueries({ queryKey: ["fleet"] });
      onClose();
    },
  });
  if (vehicle.isPending && b.vehicle_id) return null;
  const odometer = step.kind === "start" ? vehicle.data?.odometer_km : b.odometer_start_km;
  return (
    <Modal
      open
      title={step.kind === "start" ? `Xuất phát: chuyến #${b.id}` : `Hoàn thành: chuyến #${b.id}`}
      okText={step.kind === "start" ? "Xuất phát" : "Hoàn thành"}
      cancelText="Đóng"
      onCancel={onClose}
      okButtonProps={{ loading: send.isPending }}
      onOk={() => form.validateFields().then((v) => send.mutate(v), () => undefined)}
    >
      <Form form={form} layout="vertical" initialValues={{ odometer: odometer ?? undefined }}>
        <Form.Item label={step.kind === "start" ? "Số công-tơ-mét lúc đi (km)" : "Số công-tơ-mét lúc về (km)"} name="odometer" rules={[{ required: true, message: "Xin nhập số công-tơ-mét" }]}>
          <InputNumber min={0} style={{ width: "100%" }} inputMode="numeric" />
        </Form.Item>
        {step.kind === "complete" && (
          <>
            <Form.Item label="Nhiên liệu đã đổ (lít)" name="fuel_litres" rules={[{ required: true, message: "Xin nhập số lít" }]}>
              <InputNumber min={0} step={0.5} style={{ width: "100%" }} inputMode="decimal" />
            </Form.Item>
            <Form.Item label="Tiền nhiên liệu (₫)" name="fuel_cost_vnd" rules={[{ required: true, message: "Xin nhập số tiền" }]}>
              <InputNumber min={0} step={1000} style={{ width: "100%" }} inputMode="numeric" />
            </Form.Item>
          </>
        )}
      </Form>
      {send.error && <ProblemAlert error={send.error} />}
    </Modal>
  );
}

/** A driver's phone: today's and the coming trips, start and complete each. */
export default function DriverTripsPage() {
  const me = useMe();
  const today = officeToday();
  const until = dayjs(today).add(14, "day").format("YYYY-MM-DD");
  const [step, setStep] = useState<Step | null>(null);
  const trips = useQuery({
    queryKey: ["fleet", "my-trips", me.staff_id, today],
    enabled: !!me.staff_id,
    queryFn: async () => {
      const schedule = await driverSchedule(me.staff_id!, today, until);
      const ids = [...new Set((schedule.entries ?? []).filter((e) => e.kind === "trip" && e.booking_id).map((e) => e.booking_id!))];
      const bookings = await Promise.all(ids.map(getBooking));
      return bookings.filter((b) => b.status !== "cancelled").sort((a, b) => (a.start_at ?? "").localeCompare(b.start_at ?? ""));
    },
  });
  if (isProblem(trips.error) && trips.error.status === 404) {
    return <Page title="Chuyến xe của tôi"><Empty description="Đồng chí không có trong danh sách lái xe." /></Page>;
  }
  if (trips.isPending) return <Loading />;
  const list = trips.data ?? [];
  return (
    <Page title="Chuyến xe của tôi">
      {trips.error && <ProblemAlert error={trips.error} />}
      <List
        dataSource={list}
        locale={{ emptyText: "Không có chuyến nào trong hai tuần tới." }}
        renderItem={(b) => (
          <List.Item style={{ display: "block", borderBlockEnd: "none", padding: "0 0 12px" }}>
            <Card size="small" data-testid={`trip-${b.id}`}>
              <Space direction="vertical" size={4} style={{ width: "100%" }}>
                <Space style={{ justifyContent: "space-between", width: "100%" }}>
                  <Typography.Text strong>{date(b.start_at)} · {time(b.start_at)}–{time(b.end_at)}</Typography.Text>
                  <StatusTag status={b.status} />
                </Space>
                <Typography.Text>{b.destination}</Typography.Text>
                <Typography.Text type="secondary">{String(b.vehicle_plate ?? "")} · {b.unit} · {b.passengers} người</Typography.Text>
                {b.status === "dispatched" && <Button type="primary" block size="large" onClick={() => setStep({ kind: "start", booking: b })}>Xuất phát</Button>}
                {b.status === "in_progress" && <Button type="primary" block size="large" onClick={() => setStep({ kind: "complete", booking: b })}>Hoàn thành chuyến</Button>}
              </Space>
            </Card>
          </List.Item>
        )}
      />
      {step && <TripDialog step={step} onClose={() => setStep(null)} />}
    </Page>
  );
}
