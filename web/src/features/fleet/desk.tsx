import { AuditOutlined, BarChartOutlined, CalendarOutlined, CarOutlined, ToolOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";

const desk: Desk = {
  name: "fleet",
  pages: [
    {
      path: "xe/dieu-xe", title: "Bảng điều xe", icon: <CalendarOutlined />, menu: true, order: 30,
      roles: ["office_fleet"], homeFor: ["office_fleet"], component: lazy(() => import("./routes/DispatchBoardPage")),
    },
    {
      path: "xe/bao-duong", title: "Bảo dưỡng đến hạn", icon: <ToolOutlined />, menu: true, order: 31,
      roles: ["office_fleet", "leadership", "auditor"], component: lazy(() => import("./routes/MaintenancePage")),
    },
    {
      path: "xe/hieu-suat", title: "Hiệu suất sử dụng xe", icon: <BarChartOutlined />, menu: true, order: 32,
      roles: ["office_fleet", "leadership", "auditor"], component: lazy(() => import("./routes/UtilizationPage")),
    },
    {
      // the gateway lets the fleet office, the leadership and the auditors read it; the leadership records exceptions
      path: "xe/dinh-muc", title: "Định mức xe công", icon: <AuditOutlined />, menu: true, order: 33,
      roles: ["office_fleet", "leadership", "auditor"], component: lazy(() => import("./routes/CarEntitlementPage")),
    },
    {
      // a driver is staff on a driver position: the page asks the fleet whether they are one
      path: "xe/chuyen-cua-toi", title: "Chuyến xe của tôi", icon: <CarOutlined />, menu: true, order: 25,
      roles: ["staff"], allow: (me) => !!me.staff_id,
      component: lazy(() => import("./routes/DriverTripsPage")),
    },
  ],
};
export default desk;
