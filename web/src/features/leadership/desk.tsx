import { DashboardOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";

const desk: Desk = {
  name: "leadership",
  pages: [
    {
      path: "lanh-dao/tong-quan", title: "Tổng quan sắp xếp bộ máy", icon: <DashboardOutlined />, menu: true, order: 11,
      roles: ["leadership", "auditor"], component: lazy(() => import("./routes/DashboardPage")),
    },
  ],
};
export default desk;
