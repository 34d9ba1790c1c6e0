import { Form, Input, Modal, Select } from "antd";
import { ProblemAlert } from "@/components/ProblemAlert";
import { categories, categoryLabel } from "@/lib/messages";
import type { Supplement, Transfer, Unit } from "../api/finance";
import { MoneyInput } from "@/components/MoneyInput";

// A Select's own "required" rule puts aria-required on its root <div>, which axe refuses
// (aria-allowed-attr); this rule asks for a choice without it.
const chosen = (message: string) => [{
  validator: (_: unknown, v: unknown) => (v == null || (Array.isArray(v) && !v.length) ? Promise.reject(new Error(message)) : Promise.resolve()),
}];

export type ChangeKind = "supplement" | "transfer";
export type ChangeForm = { category: string; unit?: string; from_unit?: string; to_unit?: string; amount_vnd: number; reason: string };

const TITLES: Record<ChangeKind, string> = { supplement: "Đề nghị bổ sung dự toán", transfer: "Đề nghị điều chuyển dự toán" };

/** The body the API takes for a supplement or a transfer of `year`. */
export function changeBody(kind: ChangeKind, year: number, v: ChangeForm): Supplement | Transfer {
  const common = { fiscal_year: year, category: v.category, amount_vnd: v.amount_vnd, reason: v.reason.trim() };
  return kind === "supplement"
    ? { ...common, unit: v.unit! }
    : { ...common, from_unit: v.from_unit!, to_unit: v.to_unit! };
}

/** Ask for a supplement or a transfer; nothing moves until the leadership approves it in their inbox. */
export function ChangeDialog({ kind, year, boards, busy, error, onSubmit, onCancel }: {
  kind: ChangeKind | null; year: number; boards: Unit[]; busy: boolean; error: unknown;
  onSubmit: (values: ChangeForm) => void; onCancel: () => void;
}) {
  const [form] = Form.useForm<ChangeForm>();
  const boardOptions = boards.map((u) => ({ value: u.code, label: `${u.code} - ${u.name}` }));
  return (
    <Modal
      open={kind !== null}
      title={kind ? `${TITLES[kind]} năm ${year}` : ""}
      okText="Gửi lãnh đạo phê duyệt"
      cancelText="Đóng"
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={onSubmit} preserve={false}>
        {kind === "supplement" ? (
          <Form.Item name="unit" label="Đơn vị được bổ sung" rules={chosen("Chọn đơn vị.")}>
            <Select options={boardOptions} showSearch optionFilterProp="label" />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="from_unit" label="Đơn vị chuyển đi" rules={chosen("Chọn đơn vị.")}>
              <Select options={boardOptions} showSearch optionFilterProp="label" />
            </Form.Item>
            <Form.Item name="to_unit" label="Đơn vị nhận" rules={chosen("Chọn đơn vị.")}>
              <Select options={boardOptions} showSearch optionFilterProp="label" />
            </Form.Item>
          </>
        )}
        <Form.Item name="category" label="Khoản mục" rules={chosen("Chọn khoản mục.")}>
          <Select options={categories.map((c) => ({ value: c, label: categoryLabel(c) }))} />
        </Form.Item>
        <Form.Item name="amount_vnd" label="Số tiền (đồng)" rules={[{ required: true, message: "Nhập số tiền." }]}>
          <MoneyInput />
        </Form.Item>
        <Form.Item name="reason" label="Lý do" rules={[{ required: true, whitespace: true, message: "Nêu lý do." }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
      <ProblemAlert error={error} />
    </Modal>
  );
}
