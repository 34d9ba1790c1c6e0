import { AccountBookOutlined, AuditOutlined, BookOutlined, WalletOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";
import type { Role } from "@/lib/session";

// office_finance acts; the leadership and the inspectors read the same pages without the actions.
const READERS: Role[] = ["office_finance", "leadership", "auditor"];

// Ordered before the requests (20) so an Office specialist, who is also staff, lands on this desk.
const desk: Desk = {
  name: "finance-desk",
  pages: [
    {
      path: "tai-chinh/du-toan", title: "Dự toán các đơn vị", icon: <WalletOutlined />, menu: true, order: 12,
      roles: READERS, homeFor: ["office_finance"], component: lazy(() => import("./routes/BudgetsPage")),
    },
    {
      path: "tai-chinh/chi-tra", title: "Chi trả", icon: <AccountBookOutlined />, menu: true, order: 13,
      roles: READERS, component: lazy(() => import("./routes/ExpensesPage")),
    },
    {
      path: "tai-chinh/so-cai", title: "Sổ cái ngân sách", icon: <AuditOutlined />, menu: true, order: 14,
      roles: READERS, component: lazy(() => import("./routes/LedgerPage")),
    },
    {
      path: "tai-chinh/quy-che", title: "Quy chế chi tiêu", icon: <BookOutlined />, menu: true, order: 15,
      roles: READERS, component: lazy(() => import("./routes/RegulationsPage")),
    },
  ],
};
export default desk;
