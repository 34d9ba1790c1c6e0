import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Space, Table, Tooltip, Typography } from "antd";
import { ToneTag } from "@/components/StatusTag";
import { useMemo, useState } from "react";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { dateTime, dayjs, officeToday, OFFICE_TZ, time } from "@/lib/format";
import { statusLabel } from "@/lib/messages";
import { approvedBookings, fleetKeys, getSchedule, type Booking, type Schedule, type ScheduleEntry } from "../api/fleet";
import { DispatchDialog } from "../components/DispatchDialog";

type VehicleRow = NonNullable<Schedule["vehicles"]>[number];

function entriesOn(row: VehicleRow, day: string): ScheduleEntry[] {
  return (row.entries ?? []).filter((e) => {
    const from = e.start_at ? dayjs(e.start_at).tz(OFFICE_TZ).format("YYYY-MM-DD") : e.start_on;
    const to = e.end_at ? dayjs(e.end_at).tz(OFFICE_TZ).format("YYYY-MM-DD") : e.end_on ?? from;
    return !!from && from <= day && day <= (to ?? from);
  });
}

/** The dispatch board: vehicles × days, and the approved bookings waiting for a car. */
export default function DispatchBoardPage() {
  const [start, setStart] = useState(officeToday());
  const days = useMemo(() => Array.from({ length: 7 }, (_, i) => dayjs(start).add(i, "day").format("YYYY-MM-DD")), [start]);
  const end = days[6];
  const schedule = useQuery({ queryKey: fleetKeys.schedule(start, end), queryFn: () => getSchedule(start, end) });
  const waiting = useQuery({ queryKey: fleetKeys.waiting, queryFn: approvedBookings });
  const [dispatching, setDispatching] = useState<Booking | null>(null);
  const waitingItems = (waiting.data?.items ?? []) as Booking[];

  return (
    <Page title="Bảng điều xe">
      <Card title={`Phiếu chờ điều xe (${waitingItems.length})`} style={{ marginBottom: 16 }} size="small">
        {waiting.error && <ProblemAlert error={waiting.error} />}
        <Table<Booking>
          rowKey="id" size="small" pagination={false} loading={waiting.isPending} dataSource={waitingItems} scroll={{ x: true }}
          locale={{ emptyText: "Không có phiếu nào chờ điều xe." }}
          columns={[
            { title: "Phiếu", render: (_, b) => `#${b.id}` },
            { title: "Đơn vị", dataIndex: "unit" },
            { title: "Nơi đến", dataIndex: "destination" },
            { title: "Thời gian", render: (_, b) => `${dateTime(b.start_at)} – ${time(b.end_at)}` },
            { title: "Số người", dataIndex: "passengers" },
            { title: "", render: (_, b) => <Button type="primary" size="small" onClick={() => setDispatching(b)} aria-label={`Điều xe cho phiếu #${b.id}`}>Điều xe</Button> },
          ]}
        />
      </Card>
      <Space style={{ marginBottom: 8 }}>
        <Button icon={<LeftOutlined />} aria-label="Tuần trước" onClick={() => setStart(dayjs(start).subtract(7, "day").format("YYYY-MM-DD"))} />
        <Typography.Text strong>{dayjs(start).format("DD/MM/YYYY")} – {dayjs(end).format("DD/MM/YYYY")}</Typography.Text>
        <Button icon={<RightOutlined />} aria-label="Tuần sau" onClick={() => setStart(dayjs(start).add(7, "day").format("YYYY-MM-DD"))} />
        <Button onClick={() => setStart(officeToday())}>Hôm nay</Button>
      </Space>
      {schedule.error && <ProblemAlert error={schedule.error} />}
      <Table<VehicleRow>
        rowKey="id" size="small" bordered pagination={false} loading={schedule.isPending}
        dataSource={schedule.data?.vehicles ?? []} scroll={{ x: 1100 }}
        columns={[
          { title: "Xe", fixed: "left", width: 130, render: (_, v) => <><strong>{v.plate}</strong><br /><Typography.Text type="secondary">{v.seats} chỗ</Typography.Text></> },
          ...days.map((day) => ({
            title: dayjs(day).format("dd DD/MM"),
            key: day,
            render: (_: unknown, v: VehicleRow) => (
              <Space direction="vertical" size={2}>
                {entriesOn(v, day).map((e) =>
                  e.kind === "maintenance" ? (
                    <ToneTag key={`m${e.maintenance_id}`} tone="waiting">Bảo dưỡng</ToneTag>
                  ) : (
                    <Tooltip key={`b${e.booking_id}`} title={`${e.destination ?? ""} · ${statusLabel(e.status ?? "")}`}>
                      <span><ToneTag tone={e.status === "completed" ? "done" : "busy"}>#{e.booking_id} {e.unit} {time(e.start_at)}–{time(e.end_at)}</ToneTag></span>
                    </Tooltip>
                  ),
                )}
              </Space>
            ),
          })),
        ]}
      />
      {dispatching && <DispatchDialog booking={dispatching} onClose={() => setDispatching(null)} />}
    </Page>
  );
}
