import { CalculatorOutlined, DatabaseOutlined, ScanOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";
import type { Role } from "@/lib/session";

// office_assets acts; the leadership and the inspectors read.
const READERS: Role[] = ["office_assets", "leadership", "auditor"];

const desk: Desk = {
  name: "assets-desk",
  pages: [
    {
      path: "tai-san/so-dang-ky", title: "Sổ tài sản", icon: <DatabaseOutlined />, menu: true, order: 51,
      roles: READERS, homeFor: ["office_assets"], component: lazy(() => import("./routes/RegisterPage")),
    },
    {
      path: "tai-san/kiem-ke", title: "Kiểm kê tài sản", icon: <ScanOutlined />, menu: true, order: 52,
      roles: READERS, component: lazy(() => import("./routes/StocktakesPage")),
    },
    { path: "tai-san/kiem-ke/:id", title: "Đợt kiểm kê", roles: READERS, component: lazy(() => import("./routes/StocktakePage")) },
    {
      path: "tai-san/hao-mon", title: "Trích hao mòn", icon: <CalculatorOutlined />, menu: true, order: 53,
      roles: READERS, component: lazy(() => import("./routes/WearRunsPage")),
    },
  ],
};
export default desk;
