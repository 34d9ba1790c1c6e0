import { Button, Checkbox, Form, Input, InputNumber, Select, Space } from "antd";
import type { Position, Step, Unit } from "../api/hr";
import { STEP_OPS, UNIT_KINDS } from "../labels";

// A Select's own "required" rule puts aria-required on its root <div>, which axe refuses
// (aria-allowed-attr); this rule asks for a choice without it.
const chosen = (message: string) => [{
  validator: (_: unknown, v: unknown) => (v == null || (Array.isArray(v) && !v.length) ? Promise.reject(new Error(message)) : Promise.resolve()),
}];

type Values = {
  op: Step["op"]; code?: string; name?: string; kind?: string; parent_code?: string; from?: string; into?: string;
  successor_code?: string; position_id?: number; to_unit?: string; with_holder?: boolean; quota?: number;
};

/** The step the form's values describe (only the fields of its operation). */
export function stepOf(v: Values): Step {
  switch (v.op) {
    case "create_unit":
      return { op: v.op, code: v.code!.trim(), name: v.name!.trim(), kind: v.kind!, ...(v.parent_code ? { parent_code: v.parent_code } : {}) };
    case "rename_unit":
      return { op: v.op, code: v.code!, name: v.name!.trim() };
    case "merge_units":
      return { op: v.op, from: v.from!, into: v.into! };
    case "dissolve_unit":
      return { op: v.op, code: v.code!, ...(v.successor_code ? { successor_code: v.successor_code } : {}) };
    case "move_position":
      return { op: v.op, position_id: v.position_id!, to_unit: v.to_unit!, with_holder: v.with_holder ?? true };
    case "set_quota":
      return { op: v.op, position_id: v.position_id!, quota: v.quota! };
  }
}

const required = (message: string) => [{ required: true, message }];

/** Add one step to a plan: the operation, then the fields it needs. */
export function StepForm({ units, positions, onAdd }: { units: Unit[]; positions: Position[]; onAdd: (step: Step) => void }) {
  const [form] = Form.useForm<Values>();
  const op = Form.useWatch("op", form);
  const unitOptions = units.map((u) => ({ value: u.code, label: `${u.code} - ${u.name}` }));
  const positionOptions = positions.map((p) => ({ value: p.id, label: `#${p.id} ${p.title} (${p.unit}, biên chế ${p.quota})` }));
  const unit = (name: keyof Values, label: string, optional = false) => (
    <Form.Item name={name} label={label} rules={optional ? [] : chosen("Chọn đơn vị.")}>
      <Select options={unitOptions} showSearch optionFilterProp="label" allowClear={optional} style={{ minWidth: 240 }} />
    </Form.Item>
  );
  const position = (
    <Form.Item name="position_id" label="Vị trí việc làm" rules={chosen("Chọn vị trí.")}>
      <Select options={positionOptions} showSearch optionFilterProp="label" style={{ minWidth: 320 }} />
    </Form.Item>
  );
  return (
    <Form
      form={form} layout="inline" initialValues={{ op: "merge_units", with_holder: true }}
      onFinish={(v) => { onAdd(stepOf(v)); form.resetFields(); }}
      style={{ rowGap: 8 }}
    >
      <Form.Item name="op" label="Thao tác">
        <Select style={{ minWidth: 220 }} options={Object.entries(STEP_OPS).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      {op === "merge_units" && <>{unit("from", "Đơn vị hợp nhất")}{unit("into", "Vào đơn vị")}</>}
      {op === "dissolve_unit" && <>{unit("code", "Đơn vị giải thể")}{unit("successor_code", "Đơn vị kế thừa", true)}</>}
      {op === "rename_unit" && (
        <>
          {unit("code", "Đơn vị")}
          <Form.Item name="name" label="Tên mới" rules={required("Nhập tên mới.")}><Input /></Form.Item>
        </>
      )}
      {op === "create_unit" && (
        <>
          <Form.Item name="code" label="Mã đơn vị" rules={required("Nhập mã.")}><Input style={{ width: 120 }} /></Form.Item>
          <Form.Item name="name" label="Tên đơn vị" rules={required("Nhập tên.")}><Input /></Form.Item>
          <Form.Item name="kind" label="Loại" rules={chosen("Chọn loại.")}>
            <Select style={{ minWidth: 140 }} options={Object.entries(UNIT_KINDS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          {unit("parent_code", "Thuộc đơn vị", true)}
        </>
      )}
      {op === "move_position" && (
        <>
          {position}
          {unit("to_unit", "Sang đơn vị")}
          <Form.Item name="with_holder" valuePropName="checked"><Checkbox>Cùng người đảm nhiệm</Checkbox></Form.Item>
        </>
      )}
      {op === "set_quota" && (
        <>
          {position}
          <Form.Item name="quota" label="Biên chế mới" rules={required("Nhập số biên chế.")}><InputNumber min={0} /></Form.Item>
        </>
      )}
      <Form.Item>
        <Space><Button htmlType="submit">Thêm bước</Button></Space>
      </Form.Item>
    </Form>
  );
}
