import { useQuery } from "@tanstack/react-query";
import { Form, Input, InputNumber, Modal, Select } from "antd";
import { ProblemAlert } from "@/components/ProblemAlert";
import { roleLabel } from "@/lib/messages";
import { ROLES, staffName, userKeys, type NewUser, type User } from "../api/users";

// A Select's own "required" rule puts aria-required on its root <div>, which axe refuses
// (aria-allowed-attr); this rule asks for a choice without it.
const chosen = (message: string) => [{
  validator: (_: unknown, v: unknown) => (v == null || (Array.isArray(v) && !v.length) ? Promise.reject(new Error(message)) : Promise.resolve()),
}];

export type UserForm = { username: string; password?: string; unit: string; roles: string[]; staff_id?: number | null };

/** The body of a new user, or of a change to `user` (only what the form changed, password when typed). */
export function userBody(values: UserForm, user: User | null): Partial<NewUser> {
  const body: Partial<NewUser> = { unit: values.unit.trim(), roles: values.roles as NewUser["roles"], staff_id: values.staff_id ?? null };
  if (!user) return { ...body, username: values.username.trim(), password: values.password };
  return body;
}

function StaffHint({ id }: { id?: number | null }) {
  const name = useQuery({ queryKey: userKeys.staff(id ?? 0), queryFn: () => staffName(id!), enabled: Boolean(id), retry: false });
  if (!id) return null;
  return <small>{name.data ?? (name.isError ? "Không tìm thấy hồ sơ cán bộ này." : "Đang tìm...")}</small>;
}

/** Create a user, or change an existing one's unit, roles and HR staff record. */
export function UserDialog({ open, user, busy, error, onSubmit, onCancel }: {
  open: boolean; user: User | null; busy: boolean; error: unknown; onSubmit: (v: UserForm) => void; onCancel: () => void;
}) {
  const [form] = Form.useForm<UserForm>();
  const staffId = Form.useWatch("staff_id", form);
  return (
    <Modal
      open={open} title={user ? `Sửa người dùng ${user.username}` : "Tạo người dùng"} okText={user ? "Lưu" : "Tạo người dùng"} cancelText="Đóng"
      okButtonProps={{ loading: busy }} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden
    >
      <Form
        form={form} layout="vertical" onFinish={onSubmit} preserve={false}
        initialValues={user ? { username: user.username, unit: user.unit, roles: user.roles, staff_id: user.staff_id } : { roles: ["staff"] }}
      >
        <Form.Item name="username" label="Tên đăng nhập" rules={[{ required: true, whitespace: true, message: "Nhập tên đăng nhập." }]}>
          <Input disabled={Boolean(user)} autoComplete="off" />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label="Mật khẩu ban đầu" rules={[{ required: true, min: 8, message: "Mật khẩu ít nhất 8 ký tự." }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="unit" label="Đơn vị (mã)" rules={[{ required: true, whitespace: true, message: "Nhập mã đơn vị." }]}>
          <Input />
        </Form.Item>
        <Form.Item name="roles" label="Vai trò" rules={chosen("Chọn ít nhất một vai trò.")}>
          <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
        </Form.Item>
        <Form.Item name="staff_id" label="Mã hồ sơ cán bộ (Tổ chức)" extra={<StaffHint id={staffId} />}>
          <InputNumber min={1} style={{ width: "100%" }} />
        </Form.Item>
      </Form>
      <ProblemAlert error={error} />
    </Modal>
  );
}
