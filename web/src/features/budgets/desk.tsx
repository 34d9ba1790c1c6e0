import { FundOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";

const desk: Desk = {
  name: "budgets",
  pages: [
    {
      path: "ngan-sach", title: "Dự toán của ban", icon: <FundOutlined />, menu: true, order: 40,
      roles: ["unit_head"], component: lazy(() => import("./routes/BudgetsPage")),
    },
  ],
};
export default desk;
