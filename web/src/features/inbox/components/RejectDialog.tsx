import { Form, Input, Modal } from "antd";

/** Asks the reason of a rejection (required) before anything is sent. */
export function RejectDialog({ open, title, onCancel, onReject, busy }: {
  open: boolean; title: string; busy: boolean; onCancel: () => void; onReject: (reason: string) => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={open}
      title={`Từ chối: ${title}`}
      okText="Từ chối"
      cancelText="Hủy"
      okButtonProps={{ danger: true, loading: busy }}
      onCancel={onCancel}
      onOk={() => form.validateFields().then(({ reason }) => onReject(reason.trim()), () => undefined)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          label="Lý do từ chối"
          name="reason"
          rules={[{ required: true, whitespace: true, message: "Xin nêu lý do từ chối" }]}
        >
          <Input.TextArea rows={3} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
