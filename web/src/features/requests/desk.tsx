import { FileTextOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";

const REQUESTERS = ["staff", "unit_head", "office_finance", "office_assets", "office_fleet", "office_hr", "leadership"] as const;

const desk: Desk = {
  name: "requests",
  pages: [
    {
      path: "de-nghi", title: "Đề nghị của đơn vị", icon: <FileTextOutlined />, menu: true, order: 20,
      roles: [...REQUESTERS], homeFor: ["staff"], component: lazy(() => import("./routes/MyRequestsPage")),
    },
    { path: "de-nghi/:kind/moi", title: "Đề nghị mới", roles: [...REQUESTERS], component: lazy(() => import("./routes/NewRequestPage")) },
    { path: "de-nghi/:kind/:id", title: "Chi tiết đề nghị", component: lazy(() => import("./routes/RequestDetailPage")) },
  ],
};
export default desk;
