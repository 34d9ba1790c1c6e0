import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Form, Input, Typography } from "antd";
import { useNavigate, useSearchParams } from "react-router";
import { ProblemAlert } from "@/components/ProblemAlert";
import { ME_KEY } from "@/lib/session";
import { login, type Credentials } from "../api/session";

/** Only a path of this console is a place to come back to (never another site). */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/";
}

export default function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: login,
    onSuccess: (me) => {
      queryClient.setQueryData(ME_KEY, me);
      navigate(safeNext(params.get("next")), { replace: true });
    },
  });
  return (
    <main style={{ minHeight: "100vh", display: "grid", placeItems: "center", background: "#f5f5f5", padding: 16 }}>
      {/* a plain box, not Ant Design's Card: Card brings Tabs (its tabList) into the login page's load */}
      <div style={{ width: "100%", maxWidth: 380, background: "#fff", border: "1px solid #f0f0f0", borderRadius: 8, padding: 24 }}>
        <Typography.Title level={1} style={{ fontSize: 22, textAlign: "center" }}>Văn phòng Tỉnh ủy</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: "center" }}>
          Đăng nhập hệ thống quản trị dùng chung
        </Typography.Paragraph>
        {params.get("next") && !mutation.error && (
          <Typography.Paragraph type="warning">Phiên làm việc đã kết thúc, xin đăng nhập lại.</Typography.Paragraph>
        )}
        <Form<Credentials> layout="vertical" onFinish={(values) => mutation.mutate(values)} requiredMark={false}>
          <Form.Item label="Tên đăng nhập" name="username" rules={[{ required: true, message: "Xin nhập tên đăng nhập" }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="Mật khẩu" name="password" rules={[{ required: true, message: "Xin nhập mật khẩu" }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {mutation.error && <div style={{ marginBottom: 16 }}><ProblemAlert error={mutation.error} /></div>}
          <Button type="primary" htmlType="submit" block loading={mutation.isPending}>Đăng nhập</Button>
        </Form>
      </div>
    </main>
  );
}
