import { AccountBookOutlined, AuditOutlined, BookOutlined, WalletOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";
import type { Role } from "@/lib/session";

// office_finance acts; the leadership and the inspectors read the same pages without the actions.
const READERS: Role[] = ["office_finance", "leadership", "auditor"];

const desk: Desk = {
  name: "finance-desk",
  pages: [
    {
      path: "tai-chinh/du-toan", title: "Dự toán các đơn vị", icon: <WalletOutlined />, menu: true, order: 41,
      roles: READERS, homeFor: ["office_finance"], component: lazy(() => import("./routes/BudgetsPage")),
    },
    {
      path: "tai-chinh/chi-tra", title: "Chi trả", icon: <AccountBookOutlined />, menu: true, order: 42,
      roles: READERS, component: lazy(() => import("./routes/ExpensesPage")),
    },
    {
      path: "tai-chinh/so-cai", title: "Sổ cái ngân sách", icon: <AuditOutlined />, menu: true, order: 43,
      roles: READERS, component: lazy(() => import("./routes/LedgerPage")),
    },
    {
      path: "tai-chinh/quy-che", title: "Quy chế chi tiêu", icon: <BookOutlined />, menu: true, order: 44,
      roles: READERS, component: lazy(() => import("./routes/RegulationsPage")),
    },
  ],
};
export default desk;
