import { UsergroupAddOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";

const desk: Desk = {
  name: "admin",
  pages: [
    {
      path: "quan-tri/nguoi-dung", title: "Người dùng", icon: <UsergroupAddOutlined />, menu: true, order: 11.6,
      roles: ["admin", "auditor"], homeFor: ["admin"], component: lazy(() => import("./routes/UsersPage")),
    },
  ],
};
export default desk;
