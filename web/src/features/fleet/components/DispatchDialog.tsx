import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Descriptions, Form, Modal, Select } from "antd";
import { ProblemAlert } from "@/components/ProblemAlert";
import { dateTime } from "@/lib/format";
import { dispatch, fleetKeys, getAvailability, type Booking } from "../api/fleet";

type Choice = { vehicle_id?: number; driver_id?: number };

/** Dispatch one booking: the feasible vehicles and drivers first, the busy ones after them; the
 *  rule that refuses an infeasible pair comes back from the service and is shown in Vietnamese. */
export function DispatchDialog({ booking, onClose }: { booking: Booking; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Choice>();
  const free = useQuery({ queryKey: fleetKeys.availability(booking.id!), queryFn: () => getAvailability(booking) });
  const send = useMutation({
    mutationFn: (choice: Choice) => dispatch(booking.id!, choice),
    onSuccess: (b) => {
      message.success(`Đã điều xe ${String(b.vehicle_plate ?? "")} cho phiếu #${b.id}.`);
      void queryClient.invalidateQueries({ queryKey: fleetKeys.all });
      onClose();
    },
  });
  const a = free.data;
  const vehicleOptions = [
    { label: "Xe phù hợp", options: (a?.vehicles ?? []).map((v) => ({ value: v.id!, label: `${v.plate} · ${v.model ?? ""} · ${v.seats} chỗ` })) },
    { label: "Xe đang bận", options: (a?.busy_vehicles ?? []).map((v) => ({ value: v.id!, label: `${v.plate} · ${v.seats} chỗ (đang bận)` })) },
  ];
  const driverOptions = [
    { label: "Lái xe phù hợp", options: (a?.drivers ?? []).map((d) => ({ value: d.staff_id!, label: `${d.full_name} · hạng ${d.licence_class ?? "?"}` })) },
    { label: "Lái xe đang bận", options: (a?.busy_drivers ?? []).map((d) => ({ value: d.staff_id!, label: `${d.full_name} (đang bận)` })) },
  ];
  return (
    <Modal
      open
      title={`Điều xe cho phiếu #${booking.id}`}
      okText="Điều xe"
      cancelText="Đóng"
      onCancel={onClose}
      okButtonProps={{ loading: send.isPending }}
      onOk={() => send.mutate(form.getFieldsValue())}
      width={640}
    >
      <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
        <Descriptions.Item label="Đơn vị">{booking.unit}</Descriptions.Item>
        <Descriptions.Item label="Nơi đến">{booking.destination}</Descriptions.Item>
        <Descriptions.Item label="Thời gian">{dateTime(booking.start_at)} – {dateTime(booking.end_at)}</Descriptions.Item>
        <Descriptions.Item label="Số người">{booking.passengers}</Descriptions.Item>
      </Descriptions>
      {free.error && <ProblemAlert error={free.error} />}
      <Form form={form} layout="vertical">
        <Form.Item label="Xe (để trống: hệ thống chọn xe phù hợp, ít dùng nhất)" name="vehicle_id">
          <Select allowClear showSearch optionFilterProp="label" loading={free.isPending} options={vehicleOptions} placeholder="Tự động chọn" aria-label="Chọn xe" />
        </Form.Item>
        <Form.Item label="Lái xe (để trống: hệ thống chọn)" name="driver_id">
          <Select allowClear showSearch optionFilterProp="label" loading={free.isPending} options={driverOptions} placeholder="Tự động chọn" aria-label="Chọn lái xe" />
        </Form.Item>
      </Form>
      {send.error && <ProblemAlert error={send.error} />}
    </Modal>
  );
}
