import { InboxOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";

const desk: Desk = {
  name: "inbox",
  pages: [
    {
      path: "viec-can-xu-ly", title: "Việc cần xử lý", icon: <InboxOutlined />, menu: true, order: 10,
      roles: ["unit_head", "leadership", "office_finance", "office_assets", "office_fleet", "office_hr"],
      homeFor: ["unit_head", "leadership"],
      component: lazy(() => import("./routes/InboxPage")),
    },
  ],
};
export default desk;
