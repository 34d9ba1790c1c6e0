import { useQuery } from "@tanstack/react-query";
import { Button, Drawer, Select, Space, Table, Timeline } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { date, officeToday } from "@/lib/format";
import { hrKeys, listAppointments, listStaff, listUnits, type Staff } from "../api/hr";
import { STAFF_STATUS } from "../labels";

function Appointments({ staff }: { staff: Staff }) {
  const appointments = useQuery({ queryKey: hrKeys.appointments(staff.id!), queryFn: () => listAppointments(staff.id!) });
  if (appointments.error) return <ProblemAlert error={appointments.error} />;
  return (
    <Timeline
      pending={appointments.isPending ? "Đang tải" : undefined}
      items={(appointments.data ?? []).map((a) => ({
        color: a.end_date ? "gray" : "green",
        children: (
          <>
            <strong>{a.position_title}</strong> ({a.unit})
            <div>{date(a.start_date)} - {a.end_date ? date(a.end_date) : "nay"}</div>
            {a.reason && <small>{a.reason}{a.restructuring_id ? ` (đề án #${a.restructuring_id})` : ""}</small>}
          </>
        ),
      }))}
    />
  );
}

/** Staff of every unit (filtered by unit in the address), each with their appointment history. */
export default function StaffPage() {
  const [params, setParams] = useSearchParams();
  const unit = params.get("unit") ?? undefined;
  const [open, setOpen] = useState<Staff | null>(null);
  const staff = useQuery({ queryKey: hrKeys.staff(unit), queryFn: () => listStaff(unit) });
  const units = useQuery({ queryKey: hrKeys.units(officeToday()), queryFn: () => listUnits(officeToday()) });
  return (
    <Page
      title="Hồ sơ cán bộ"
      extra={
        <Space>
          <label htmlFor="staff-unit">Đơn vị</label>
          <Select
            id="staff-unit" allowClear placeholder="Tất cả" style={{ minWidth: 220 }} value={unit}
            options={(units.data ?? []).map((u) => ({ value: u.code, label: `${u.code} - ${u.name}` }))}
            onChange={(v) => setParams(v ? { unit: v } : {}, { replace: true })}
          />
        </Space>
      }
    >
      {staff.error && <ProblemAlert error={staff.error} />}
      <Table<Staff>
        rowKey={(s) => String(s.id)} loading={staff.isPending} dataSource={staff.data ?? []} size="small" scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: "Họ và tên", dataIndex: "full_name" },
          { title: "Đơn vị", dataIndex: "unit" },
          { title: "Vị trí", render: (_, s) => `${s.position_title ?? "—"}${s.position_unit && s.position_unit !== s.unit ? ` (${s.position_unit})` : ""}` },
          { title: "Ngày vào", render: (_, s) => date(s.hired_on) },
          { title: "Trạng thái", render: (_, s) => STAFF_STATUS[s.status ?? ""] ?? s.status },
          { title: "Quá trình công tác", render: (_, s) => <Button size="small" onClick={() => setOpen(s)}>Xem</Button> },
        ]}
      />
      <Drawer open={open !== null} onClose={() => setOpen(null)} title={open ? `Quá trình công tác: ${open.full_name}` : ""} width={480}>
        {open && <Appointments staff={open} />}
      </Drawer>
    </Page>
  );
}
