import { ApartmentOutlined, BranchesOutlined, IdcardOutlined, TeamOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";
import type { Role } from "@/lib/session";

// office_hr acts; the leadership and the inspectors read (the leadership also approves a plan).
const READERS: Role[] = ["office_hr", "leadership", "auditor"];

// Ordered before the requests (20) so an Office specialist, who is also staff, lands on this desk.
const desk: Desk = {
  name: "hr-desk",
  pages: [
    {
      path: "to-chuc/bien-che", title: "Biên chế các đơn vị", icon: <TeamOutlined />, menu: true, order: 19,
      roles: READERS, homeFor: ["office_hr"], component: lazy(() => import("./routes/StaffingPage")),
    },
    {
      path: "to-chuc/so-do", title: "Sơ đồ tổ chức", icon: <ApartmentOutlined />, menu: true, order: 19.1,
      roles: READERS, component: lazy(() => import("./routes/OrgTreePage")),
    },
    {
      path: "to-chuc/can-bo", title: "Hồ sơ cán bộ", icon: <IdcardOutlined />, menu: true, order: 19.2,
      roles: READERS, component: lazy(() => import("./routes/StaffPage")),
    },
    {
      path: "to-chuc/de-an", title: "Đề án sắp xếp bộ máy", icon: <BranchesOutlined />, menu: true, order: 19.3,
      roles: READERS, component: lazy(() => import("./routes/PlansPage")),
    },
    { path: "to-chuc/de-an/:id", title: "Đề án", roles: READERS, component: lazy(() => import("./routes/PlanPage")) },
  ],
};
export default desk;
