import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Modal, Segmented, Space, Table } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { ExportButtons } from "@/components/ExportButtons";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { StatusTag } from "@/components/StatusTag";
import { date } from "@/lib/format";
import { categoryLabel } from "@/lib/messages";
import { hasRole, useMe } from "@/lib/session";
import { financeKeys, listExpenses, payExpense, type Expense, type ExpenseStatus } from "../api/finance";
import { Money } from "@/components/Money";
import { MoneyInput } from "@/components/MoneyInput";

// Ant Design's default link blue is 4.1:1 on white (under WCAG AA); the theme has no colorLink yet.
const LINK = { color: "#a8071a" };

const VIEWS: { value: ExpenseStatus; label: string }[] = [
  { value: "approved", label: "Chờ thanh toán" },
  { value: "paid", label: "Đã thanh toán" },
  { value: "submitted", label: "Chờ duyệt" },
];

/** Approved expenses waiting for payment, and paying them (at most the approved amount). */
export default function ExpensesPage() {
  const me = useMe();
  const acts = hasRole(me, "office_finance");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ExpenseStatus>("approved");
  const [paying, setPaying] = useState<Expense | null>(null);
  const [amount, setAmount] = useState<number | null>(null);
  const expenses = useQuery({ queryKey: financeKeys.expenses(status), queryFn: () => listExpenses(status) });
  const pay = useMutation({
    mutationFn: () => payExpense(paying!.id!, amount ?? paying!.amount_vnd!),
    onSuccess: () => {
      setPaying(null);
      message.success("Đã ghi thanh toán.");
      void queryClient.invalidateQueries({ queryKey: financeKeys.all });
    },
  });
  return (
    <Page
      title="Chi trả"
      extra={
        <Space wrap>
          <Segmented aria-label="Trạng thái" options={VIEWS} value={status} onChange={(v) => setStatus(v as ExpenseStatus)} />
          <ExportButtons base="/api/v1/finance/expenses" query={{ status }} />
        </Space>
      }
    >
      {expenses.error && <ProblemAlert error={expenses.error} />}
      <Table<Expense>
        rowKey={(e) => String(e.id)} loading={expenses.isPending} dataSource={expenses.data?.items ?? []} size="small"
        scroll={{ x: true }} pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: "Không có đề nghị chi nào ở trạng thái này." }}
        columns={[
          { title: "Số", render: (_, e) => <Link style={LINK} to={`/de-nghi/de-nghi-chi/${e.id}`}>#{e.id}</Link> },
          { title: "Đơn vị", dataIndex: "unit" },
          { title: "Nội dung", dataIndex: "description" },
          { title: "Khoản mục", render: (_, e) => categoryLabel(e.category ?? "") },
          { title: "Ngày", render: (_, e) => date(e.date) },
          { title: "Số tiền", align: "right", render: (_, e) => <Money vnd={e.amount_vnd} /> },
          { title: "Đã trả", align: "right", render: (_, e) => <Money vnd={e.paid_amount_vnd ?? 0} /> },
          { title: "Trạng thái", render: (_, e) => <StatusTag status={e.status} /> },
          ...(acts && status === "approved"
            ? [{
                title: "Thao tác",
                render: (_: unknown, e: Expense) => (
                  <Button size="small" type="primary" onClick={() => { setPaying(e); setAmount(e.amount_vnd ?? null); pay.reset(); }}>
                    Thanh toán
                  </Button>
                ),
              }]
            : []),
        ]}
      />
      <Modal
        open={paying !== null} title={paying ? `Thanh toán đề nghị chi #${paying.id}` : ""} okText="Ghi thanh toán" cancelText="Đóng"
        okButtonProps={{ loading: pay.isPending }} onOk={() => pay.mutate()} onCancel={() => setPaying(null)}
      >
        <p>Số được duyệt: <strong><Money vnd={paying?.amount_vnd} /></strong></p>
        <label htmlFor="paid-amount">Số tiền thực trả (đồng)</label>
        <MoneyInput id="paid-amount" max={paying?.amount_vnd ?? undefined} value={amount} onChange={setAmount} />
        <div style={{ marginTop: 12 }}><ProblemAlert error={pay.error} /></div>
      </Modal>
    </Page>
  );
}
