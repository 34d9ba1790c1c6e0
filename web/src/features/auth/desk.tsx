import { UserOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";

const desk: Desk = {
  name: "auth",
  pages: [
    { path: "tai-khoan", title: "Tài khoản", icon: <UserOutlined />, menu: true, order: 90, component: lazy(() => import("./routes/AccountPage")) },
  ],
};
export default desk;
