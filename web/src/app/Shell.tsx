import { BellOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Badge, Button, Drawer, Dropdown, Grid, Input, Layout, Menu, Space, Typography } from "antd";
import { useState } from "react";
import { Route, Routes, useLocation, useNavigate } from "react-router";
import { Loading } from "@/components/Page";
import { api, setCsrfToken, unwrap } from "@/lib/api/client";
import { isProblem } from "@/lib/api/problem";
import { inboxQuery, waitingCount } from "@/lib/inbox";
import { roleLabel } from "@/lib/messages";
import { ME_KEY, fetchMe, type Me } from "@/lib/session";
import { RedirectToLogin } from "./Guard";
import { PAGES, pagesFor } from "./desks";
import { Guard, Home, NotFoundPage } from "./Guard";

/** The logged-in frame: menu from the pages the roles allow, who and where, inbox badge, search. */
export default function Shell() {
  const me = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Infinity, retry: false });
  if (me.isPending) return <Loading />;
  if (me.error) return isProblem(me.error) && me.error.status === 401 ? <RedirectToLogin /> : <Loading />;
  // message/modal hooks (App.useApp) are for the logged-in pages only: the login page loads none of it
  return <AntApp><Frame me={me.data} /></AntApp>;
}

function useWho(me: Me) {
  const staff = useQuery({
    queryKey: ["who", "staff", me.staff_id],
    enabled: Boolean(me.staff_id),
    staleTime: Infinity,
    queryFn: () => unwrap(api.GET("/api/v1/hr/staff/{staff_id}", { params: { path: { staff_id: me.staff_id! } } })),
  });
  const unit = useQuery({
    queryKey: ["who", "unit", me.unit],
    enabled: Boolean(me.unit),
    staleTime: Infinity,
    queryFn: () => unwrap(api.GET("/api/v1/hr/units/{code}", { params: { path: { code: me.unit! } } })),
  });
  return { name: staff.data?.full_name ?? me.username, unitName: unit.data?.name ?? me.unit ?? "" };
}

function Frame({ me }: { me: Me }) {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const inbox = useQuery(inboxQuery);
  const who = useWho(me);
  const pages = pagesFor(me).filter((p) => p.menu);
  const waiting = waitingCount(inbox.data);
  const selected = pages.find((p) => location.pathname === `/${p.path}` || location.pathname.startsWith(`/${p.path}/`));

  async function logout() {
    await api.DELETE("/api/v1/auth/session").catch(() => undefined);
    setCsrfToken(null);
    queryClient.clear();
    navigate("/login", { replace: true });
  }

  const [drawer, setDrawer] = useState(false);
  const menu = (
    <>
      <div style={{ padding: "16px 16px 8px", fontWeight: 600, color: "#a8071a" }}>Văn phòng Tỉnh ủy</div>
      <nav aria-label="Danh mục">
        <Menu
          mode="inline"
          style={{ borderInlineEnd: "none" }}
          selectedKeys={selected ? [selected.path] : []}
          items={pages.map((p) => ({ key: p.path, icon: p.icon, label: p.title }))}
          onClick={({ key }) => { setDrawer(false); navigate(`/${key}`); }}
        />
      </nav>
    </>
  );

  // a phone has the menu in a drawer opened from a button in the header, so nothing floats over
  // the page (Sider's own zero-width trigger sat on the page title)
  return (
    <Layout style={{ minHeight: "100vh" }}>
      {narrow ? (
        <Drawer placement="left" width={260} open={drawer} onClose={() => setDrawer(false)} title={null} closable={false}
          styles={{ body: { padding: 0 } }} aria-label="Danh mục chức năng">
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider width={232} theme="light" aria-label="Danh mục chức năng">{menu}</Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{ background: "#fff", padding: narrow ? "0 8px" : "0 16px", display: "flex", alignItems: "center", gap: 12, borderBottom: "1px solid #f0f0f0" }}
        >
          {narrow && (
            <Button type="text" icon={<MenuOutlined />} aria-label="Mở danh mục" aria-expanded={drawer} onClick={() => setDrawer(true)} />
          )}
          {!narrow && (
            <Input.Search
              aria-label="Tìm kiếm"
              placeholder="Tìm cán bộ, xe, tài sản, đề nghị..."
              style={{ maxWidth: 360 }}
              onSearch={(q) => q.trim() && navigate(`/tim-kiem?q=${encodeURIComponent(q.trim())}`)}
            />
          )}
          <span style={{ flex: 1 }} />
          <Badge count={waiting} size="small" offset={[-4, 4]}>
            <Button
              type="text"
              icon={<BellOutlined />}
              aria-label={`Việc cần xử lý: ${waiting}`}
              onClick={() => navigate("/viec-can-xu-ly")}
            />
          </Badge>
          <Dropdown
            trigger={["click"]}
            menu={{
              items: [
                { key: "roles", disabled: true, label: me.roles.map(roleLabel).join(", ") },
                { key: "password", icon: <UserOutlined />, label: "Đổi mật khẩu" },
                { key: "logout", icon: <LogoutOutlined />, label: "Đăng xuất" },
              ],
              onClick: ({ key }) => (key === "logout" ? void logout() : navigate("/tai-khoan")),
            }}
          >
            <Button type="text" title="Tài khoản" data-testid="who">
              <Space size={4} direction={narrow ? "vertical" : "horizontal"} style={{ lineHeight: 1.2 }}>
                <Typography.Text strong>{who.name}</Typography.Text>
                {!narrow && <Typography.Text type="secondary">{who.unitName}</Typography.Text>}
              </Space>
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
          <main>
            <Routes>
              <Route index element={<Home />} />
              {PAGES.map((page) => <Route key={page.path} path={page.path} element={<Guard page={page} />} />)}
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
