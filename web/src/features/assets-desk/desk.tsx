import { CalculatorOutlined, DatabaseOutlined, DeleteOutlined, ScanOutlined, ShoppingCartOutlined, SwapOutlined, ToolOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";
import type { Role } from "@/lib/session";

// office_assets acts; the leadership and the inspectors read.
const READERS: Role[] = ["office_assets", "leadership", "auditor"];

// Ordered before the requests (20) so an Office specialist, who is also staff, lands on this desk.
const desk: Desk = {
  name: "assets-desk",
  pages: [
    {
      path: "tai-san/so-dang-ky", title: "Sổ tài sản", icon: <DatabaseOutlined />, menu: true, order: 16,
      roles: READERS, homeFor: ["office_assets"], component: lazy(() => import("./routes/RegisterPage")),
    },
    {
      path: "tai-san/mua-sam", title: "Mua sắm tài sản", icon: <ShoppingCartOutlined />, menu: true, order: 16.5,
      roles: READERS, component: lazy(() => import("./routes/ProcurementsPage")),
    },
    {
      path: "tai-san/kiem-ke", title: "Kiểm kê tài sản", icon: <ScanOutlined />, menu: true, order: 17,
      roles: READERS, component: lazy(() => import("./routes/StocktakesPage")),
    },
    { path: "tai-san/kiem-ke/:id", title: "Đợt kiểm kê", roles: READERS, component: lazy(() => import("./routes/StocktakePage")) },
    {
      path: "tai-san/sua-chua", title: "Sửa chữa tài sản", icon: <ToolOutlined />, menu: true, order: 17.2,
      roles: READERS, component: lazy(() => import("./routes/RepairsPage")),
    },
    {
      path: "tai-san/dieu-chuyen", title: "Điều chuyển tài sản", icon: <SwapOutlined />, menu: true, order: 17.4,
      roles: READERS, component: lazy(() => import("./routes/TransfersPage")),
    },
    {
      path: "tai-san/thanh-ly", title: "Thanh lý tài sản", icon: <DeleteOutlined />, menu: true, order: 17.6,
      roles: READERS, component: lazy(() => import("./routes/DisposalsPage")),
    },
    {
      path: "tai-san/hao-mon", title: "Trích hao mòn", icon: <CalculatorOutlined />, menu: true, order: 18,
      roles: READERS, component: lazy(() => import("./routes/WearRunsPage")),
    },
  ],
};
export default desk;
