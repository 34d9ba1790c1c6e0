import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Input, Modal, Popconfirm, Space, Table, Tag } from "antd";
import { useState } from "react";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { dateTime } from "@/lib/format";
import { roleLabel } from "@/lib/messages";
import { hasRole, useMe } from "@/lib/session";
import { changeUser, createUser, listUsers, userKeys, type NewUser, type User, type UserChange } from "../api/users";
import { UserDialog, userBody, type UserForm } from "../components/UserDialog";

/** Users: create, change unit, roles and HR staff record, deactivate or reactivate, reset a password. */
export default function UsersPage() {
  const me = useMe();
  const acts = hasRole(me, "admin");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: userKeys.all, queryFn: listUsers });
  const [editing, setEditing] = useState<User | null | "new">(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [password, setPassword] = useState("");
  const done = (text: string) => () => {
    message.success(text);
    setEditing(null);
    setResetting(null);
    void queryClient.invalidateQueries({ queryKey: userKeys.all });
  };
  const save = useMutation({
    mutationFn: (v: UserForm) => {
      const user = editing === "new" ? null : editing;
      return user ? changeUser(user.username!, userBody(v, user) as UserChange) : createUser(userBody(v, null) as NewUser);
    },
    onSuccess: done("Đã lưu người dùng."),
  });
  const toggle = useMutation({ mutationFn: (u: User) => changeUser(u.username!, { active: !u.active }), onSuccess: done("Đã cập nhật.") });
  const reset = useMutation({ mutationFn: () => changeUser(resetting!.username!, { password }), onSuccess: done("Đã đặt lại mật khẩu; các phiên cũ đã kết thúc.") });
  return (
    <Page title="Người dùng" extra={acts && <Button type="primary" onClick={() => { save.reset(); setEditing("new"); }}>Tạo người dùng</Button>}>
      {(users.error || toggle.error) && <ProblemAlert error={users.error ?? toggle.error} />}
      <Table<User>
        rowKey={(u) => String(u.username)} loading={users.isPending} dataSource={users.data ?? []} size="small" scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: "Tên đăng nhập", dataIndex: "username" },
          { title: "Đơn vị", dataIndex: "unit" },
          { title: "Vai trò", render: (_, u) => (u.roles ?? []).map((r) => <Tag key={r}>{roleLabel(r)}</Tag>) },
          { title: "Hồ sơ cán bộ", render: (_, u) => (u.staff_id ? `#${u.staff_id}` : "—") },
          { title: "Trạng thái", render: (_, u) => (u.active ? <Tag color="#237804">Đang hoạt động</Tag> : <Tag>Đã khóa</Tag>) },
          { title: "Cập nhật", render: (_, u) => dateTime(u.updated_at) },
          ...(acts ? [{
            title: "Thao tác",
            render: (_: unknown, u: User) => (
              <Space wrap>
                <Button size="small" onClick={() => { save.reset(); setEditing(u); }}>Sửa</Button>
                <Button size="small" onClick={() => { reset.reset(); setPassword(""); setResetting(u); }}>Đặt lại mật khẩu</Button>
                <Popconfirm
                  title={u.active ? `Khóa ${u.username}?` : `Mở khóa ${u.username}?`} okText="Đồng ý" cancelText="Không"
                  onConfirm={() => toggle.mutate(u)} disabled={u.username === me.username}
                >
                  <Button size="small" danger={Boolean(u.active)} disabled={u.username === me.username}>{u.active ? "Khóa" : "Mở khóa"}</Button>
                </Popconfirm>
              </Space>
            ),
          }] : []),
        ]}
      />
      <UserDialog
        open={editing !== null} user={editing === "new" ? null : editing} busy={save.isPending} error={save.error}
        onSubmit={(v) => save.mutate(v)} onCancel={() => setEditing(null)}
      />
      <Modal
        open={resetting !== null} title={resetting ? `Đặt lại mật khẩu của ${resetting.username}` : ""} okText="Đặt lại" cancelText="Đóng"
        okButtonProps={{ loading: reset.isPending, disabled: password.length < 8 }} onOk={() => reset.mutate()} onCancel={() => setResetting(null)}
      >
        <label htmlFor="new-password">Mật khẩu mới (ít nhất 8 ký tự)</label>
        <Input.Password id="new-password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <div style={{ marginTop: 12 }}><ProblemAlert error={reset.error} /></div>
      </Modal>
    </Page>
  );
}
