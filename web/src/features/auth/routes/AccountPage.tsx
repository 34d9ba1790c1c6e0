import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { setCsrfToken } from "@/lib/api/client";
import { App, Button, Card, Descriptions, Form, Input } from "antd";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { roleLabel } from "@/lib/messages";
import { useMe } from "@/lib/session";
import { changePassword, type PasswordChange } from "../api/session";

export default function AccountPage() {
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordChange & { confirm: string }>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: changePassword,
    // every session, this one included, ends with the old password: log in again with the new one
    onSuccess: () => {
      message.success("Đã đổi mật khẩu. Xin đăng nhập lại bằng mật khẩu mới.");
      setCsrfToken(null);
      queryClient.clear();
      navigate("/login", { replace: true });
    },
  });
  return (
    <Page title="Tài khoản">
      <Card style={{ maxWidth: 560, marginBottom: 16 }}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label="Tên đăng nhập">{me.username}</Descriptions.Item>
          <Descriptions.Item label="Đơn vị">{me.unit ?? "—"}</Descriptions.Item>
          <Descriptions.Item label="Vai trò">{me.roles.map(roleLabel).join(", ")}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="Đổi mật khẩu" style={{ maxWidth: 560 }}>
        <Form form={form} layout="vertical" onFinish={({ current_password, new_password }) => mutation.mutate({ current_password, new_password })}>
          <Form.Item label="Mật khẩu hiện tại" name="current_password" rules={[{ required: true, message: "Xin nhập mật khẩu hiện tại" }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item label="Mật khẩu mới" name="new_password" rules={[{ required: true, message: "Xin nhập mật khẩu mới" }, { min: 8, message: "Ít nhất 8 ký tự" }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label="Nhập lại mật khẩu mới"
            name="confirm"
            dependencies={["new_password"]}
            rules={[
              { required: true, message: "Xin nhập lại mật khẩu mới" },
              ({ getFieldValue }) => ({
                validator: (_, v) => (v === getFieldValue("new_password") ? Promise.resolve() : Promise.reject(new Error("Hai mật khẩu không khớp"))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {mutation.error && <div style={{ marginBottom: 16 }}><ProblemAlert error={mutation.error} /></div>}
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>Đổi mật khẩu</Button>
        </Form>
      </Card>
    </Page>
  );
}
