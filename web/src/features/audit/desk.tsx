import { FileSearchOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";

const desk: Desk = {
  name: "audit",
  pages: [
    {
      path: "kiem-tra/nhat-ky", title: "Nhật ký truy cập", icon: <FileSearchOutlined />, menu: true, order: 11.5,
      roles: ["auditor", "admin"], homeFor: ["auditor"], component: lazy(() => import("./routes/AuditPage")),
    },
  ],
};
export default desk;
