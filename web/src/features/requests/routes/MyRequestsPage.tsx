import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Space, Table, Tabs } from "antd";
import { Link, useNavigate, useSearchParams } from "react-router";
import { Page } from "@/components/Page";
import { Money } from "@/components/Money";
import { ProblemAlert } from "@/components/ProblemAlert";
import { StatusTag } from "@/components/StatusTag";
import { date, dateTime } from "@/lib/format";
import { categoryLabel } from "@/lib/messages";
import {
  listBookings, listExpenses, listProcurements, requestKeys,
  type BookingRow, type ExpenseRow, type Kind, type ProcurementRow,
} from "../api/requests";

function Bookings() {
  const q = useQuery({ queryKey: requestKeys.list("dat-xe"), queryFn: listBookings });
  return (
    <>
      {q.error && <ProblemAlert error={q.error} />}
      <Table<BookingRow>
        rowKey="id" loading={q.isPending} dataSource={q.data?.items ?? []} scroll={{ x: true }}
        locale={{ emptyText: "Chưa có phiếu đặt xe nào." }}
        columns={[
          { title: "Số", dataIndex: "id", render: (id: number) => <Link to={`/de-nghi/dat-xe/${id}`}>#{id}</Link> },
          { title: "Mục đích", dataIndex: "purpose" },
          { title: "Nơi đến", dataIndex: "destination" },
          { title: "Khởi hành", render: (_, b) => dateTime(b.start_at) },
          { title: "Xe", render: (_, b) => String(b.vehicle_plate ?? "—") },
          { title: "Trạng thái", render: (_, b) => <StatusTag status={b.status} /> },
        ]}
      />
    </>
  );
}

function Expenses() {
  const q = useQuery({ queryKey: requestKeys.list("de-nghi-chi"), queryFn: listExpenses });
  return (
    <>
      {q.error && <ProblemAlert error={q.error} />}
      <Table<ExpenseRow>
        rowKey="id" loading={q.isPending} dataSource={q.data?.items ?? []} scroll={{ x: true }}
        locale={{ emptyText: "Chưa có đề nghị chi nào." }}
        columns={[
          { title: "Số", dataIndex: "id", render: (id: number) => <Link to={`/de-nghi/de-nghi-chi/${id}`}>#{id}</Link> },
          { title: "Nội dung", dataIndex: "description" },
          { title: "Khoản mục", render: (_, e) => categoryLabel(e.category ?? "") },
          { title: "Số tiền", align: "right", render: (_, e) => <Money vnd={e.amount_vnd} /> },
          { title: "Ngày", render: (_, e) => date(e.date) },
          { title: "Trạng thái", render: (_, e) => <StatusTag status={e.status} /> },
        ]}
      />
    </>
  );
}

function Procurements() {
  const q = useQuery({ queryKey: requestKeys.list("mua-sam"), queryFn: listProcurements });
  return (
    <>
      {q.error && <ProblemAlert error={q.error} />}
      <Table<ProcurementRow>
        rowKey="id" loading={q.isPending} dataSource={q.data?.items ?? []} scroll={{ x: true }}
        locale={{ emptyText: "Chưa có đề nghị mua sắm nào." }}
        columns={[
          { title: "Số", dataIndex: "id", render: (id: number) => <Link to={`/de-nghi/mua-sam/${id}`}>#{id}</Link> },
          { title: "Nội dung", render: (_, p) => p.lines?.map((l) => l.description).join("; ") },
          { title: "Tổng tiền", align: "right", render: (_, p) => <Money vnd={p.total_vnd} /> },
          { title: "Ngày lập", render: (_, p) => date(p.created_at) },
          { title: "Trạng thái", render: (_, p) => <StatusTag status={p.status} /> },
        ]}
      />
    </>
  );
}

export default function MyRequestsPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = (params.get("loai") as Kind | null) ?? "dat-xe";
  return (
    <Page
      title="Đề nghị của đơn vị"
      extra={
        <Space wrap>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate("/de-nghi/dat-xe/moi")}>Đặt xe</Button>
          <Button icon={<PlusOutlined />} onClick={() => navigate("/de-nghi/de-nghi-chi/moi")}>Đề nghị chi</Button>
          <Button icon={<PlusOutlined />} onClick={() => navigate("/de-nghi/mua-sam/moi")}>Đề nghị mua sắm</Button>
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ loai: key }, { replace: true })}
        items={[
          { key: "dat-xe", label: "Đặt xe", children: <Bookings /> },
          { key: "de-nghi-chi", label: "Đề nghị chi", children: <Expenses /> },
          { key: "mua-sam", label: "Mua sắm", children: <Procurements /> },
        ]}
      />
    </Page>
  );
}
