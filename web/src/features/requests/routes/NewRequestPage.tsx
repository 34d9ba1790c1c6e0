import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, DatePicker, Form, Input, InputNumber, Space, TimePicker } from "antd";
import type { Dayjs } from "dayjs";
import { useNavigate, useParams } from "react-router";
import { FieldSelect } from "@/components/FieldSelect";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { api, unwrap } from "@/lib/api/client";
import { isProblem } from "@/lib/api/problem";
import { officeMoment } from "@/lib/format";
import { categories, categoryLabel } from "@/lib/messages";
import { useMe } from "@/lib/session";
import { NotFound } from "../components/NotFound";
import { createBooking, createExpense, createProcurement, requestKeys, type Kind } from "../api/requests";

const moneyInput = {
  min: 1,
  step: 10000,
  style: { width: "100%" },
  formatter: (v: number | string | undefined) => `${v ?? ""}`.replace(/\B(?=(\d{3})+(?!\d))/g, "."),
  parser: (v: string | undefined) => Number((v ?? "").replace(/\D/g, "")),
  addonAfter: "₫",
};

/** The API's field errors (422) shown on the form's fields. */
function fieldErrors(error: unknown): { name: string; errors: string[] }[] {
  if (!isProblem(error) || !error.problem.errors) return [];
  return Object.keys(error.problem.errors).map((name) => ({ name, errors: ["Giá trị chưa hợp lệ"] }));
}

function useCreate<T>(kind: Kind, fn: (body: T) => Promise<{ id?: number }>) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: requestKeys.all });
      navigate(`/de-nghi/${kind}/${created.id}`);
    },
  });
}

type BookingForm = { purpose: string; destination: string; day: Dayjs; hours: [Dayjs, Dayjs]; passengers: number; note?: string };

function BookingForm() {
  const [form] = Form.useForm<BookingForm>();
  const create = useCreate("dat-xe", createBooking);
  const submit = (v: BookingForm) => {
    const day = v.day.format("YYYY-MM-DD");
    create.mutate(
      {
        purpose: v.purpose, destination: v.destination, passengers: v.passengers, note: v.note ?? "",
        start_at: officeMoment(day, v.hours[0].format("HH:mm")), end_at: officeMoment(day, v.hours[1].format("HH:mm")),
      } as Parameters<typeof createBooking>[0],
      { onError: (e) => form.setFields(fieldErrors(e) as never) },
    );
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ passengers: 1 }}>
      <Form.Item label="Mục đích chuyến đi" name="purpose" rules={[{ required: true, whitespace: true, message: "Xin nêu mục đích" }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label="Nơi đến" name="destination" rules={[{ required: true, whitespace: true, message: "Xin nêu nơi đến" }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item label="Ngày đi" name="day" rules={[{ required: true, message: "Xin chọn ngày" }]}>
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Form.Item label="Giờ đi, giờ về" name="hours" rules={[{ required: true, message: "Xin chọn giờ" }]}>
          <TimePicker.RangePicker format="HH:mm" minuteStep={15} needConfirm={false} />
        </Form.Item>
        <Form.Item label="Số người đi" name="passengers" rules={[{ required: true, message: "Xin nhập số người" }]}>
          <InputNumber min={1} max={45} />
        </Form.Item>
      </Space>
      <Form.Item label="Ghi chú" name="note"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
      {create.error && <div style={{ marginBottom: 16 }}><ProblemAlert error={create.error} /></div>}
      <Button type="primary" htmlType="submit" loading={create.isPending}>Gửi đề nghị đặt xe</Button>
    </Form>
  );
}

type ExpenseForm = { category: string; amount_vnd: number; day: Dayjs; description: string };

function ExpenseForm() {
  const me = useMe();
  const [form] = Form.useForm<ExpenseForm>();
  const create = useCreate("de-nghi-chi", createExpense);
  const submit = (v: ExpenseForm) =>
    create.mutate(
      {
        category: v.category, amount_vnd: v.amount_vnd, description: v.description, date: v.day.format("YYYY-MM-DD"),
        beneficiary_staff_id: me.staff_id!,
      } as Parameters<typeof createExpense>[0],
      { onError: (e) => form.setFields(fieldErrors(e) as never) },
    );
  return (
    <Form form={form} layout="vertical" onFinish={submit}>
      <Form.Item label="Khoản mục" name="category" rules={[{ required: true, message: "Xin chọn khoản mục" }]}>
        <FieldSelect options={categories.map((c) => ({ value: c, label: categoryLabel(c) }))} />
      </Form.Item>
      <Form.Item label="Số tiền" name="amount_vnd" rules={[{ required: true, message: "Xin nhập số tiền" }]}>
        <InputNumber {...moneyInput} />
      </Form.Item>
      <Form.Item label="Ngày chi" name="day" rules={[{ required: true, message: "Xin chọn ngày" }]}>
        <DatePicker format="DD/MM/YYYY" />
      </Form.Item>
      <Form.Item label="Nội dung" name="description" rules={[{ required: true, whitespace: true, message: "Xin nêu nội dung" }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      {create.error && <div style={{ marginBottom: 16 }}><ProblemAlert error={create.error} /></div>}
      <Button type="primary" htmlType="submit" loading={create.isPending}>Gửi đề nghị chi</Button>
    </Form>
  );
}

type Line = { category: string; description: string; quantity: number; unit_price_vnd: number };

function ProcurementForm() {
  const [form] = Form.useForm<{ note?: string; lines: Line[] }>();
  const create = useCreate("mua-sam", createProcurement);
  const assetCategories = useQuery({
    queryKey: ["asset-categories"],
    staleTime: Infinity,
    queryFn: () => unwrap(api.GET("/api/v1/assets/categories")),
  });
  const options = (assetCategories.data?.items ?? []).map((c) => ({ value: c.code!, label: c.name ?? c.code }));
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ lines: [{ quantity: 1 }] }}
      onFinish={(v) => create.mutate({ note: v.note ?? "", lines: v.lines } as Parameters<typeof createProcurement>[0])}
    >
      <Form.List name="lines">
        {(fields, { add, remove }) => (
          <>
            {fields.map(({ key, name }) => (
              <Space key={key} wrap align="start">
                <Form.Item label="Loại tài sản" name={[name, "category"]} rules={[{ required: true, message: "Xin chọn loại" }]}>
                  <FieldSelect options={options} style={{ minWidth: 200 }} loading={assetCategories.isPending} />
                </Form.Item>
                <Form.Item label="Mô tả" name={[name, "description"]} rules={[{ required: true, whitespace: true, message: "Xin mô tả" }]}>
                  <Input maxLength={200} />
                </Form.Item>
                <Form.Item label="Số lượng" name={[name, "quantity"]} rules={[{ required: true, message: "Xin nhập" }]}>
                  <InputNumber min={1} max={1000} />
                </Form.Item>
                <Form.Item label="Đơn giá" name={[name, "unit_price_vnd"]} rules={[{ required: true, message: "Xin nhập" }]}>
                  <InputNumber {...moneyInput} style={{ width: 200 }} />
                </Form.Item>
                {fields.length > 1 && (
                  <Button type="text" aria-label="Bỏ dòng này" icon={<MinusCircleOutlined />} onClick={() => remove(name)} style={{ marginTop: 30 }} />
                )}
              </Space>
            ))}
            <Form.Item><Button icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })}>Thêm dòng</Button></Form.Item>
          </>
        )}
      </Form.List>
      <Form.Item label="Ghi chú" name="note"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
      {create.error && <div style={{ marginBottom: 16 }}><ProblemAlert error={create.error} /></div>}
      <Button type="primary" htmlType="submit" loading={create.isPending}>Gửi đề nghị mua sắm</Button>
    </Form>
  );
}

const FORMS: Record<Kind, { title: string; Form: () => JSX.Element }> = {
  "dat-xe": { title: "Đặt xe", Form: BookingForm },
  "de-nghi-chi": { title: "Đề nghị chi, thanh toán", Form: ExpenseForm },
  "mua-sam": { title: "Đề nghị mua sắm", Form: ProcurementForm },
};

export default function NewRequestPage() {
  const { kind } = useParams();
  const entry = FORMS[kind as Kind];
  if (!entry) return <NotFound />;
  return (
    <Page title={entry.title}>
      <Card style={{ maxWidth: 820 }}><entry.Form /></Card>
    </Page>
  );
}
