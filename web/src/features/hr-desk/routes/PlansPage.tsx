import { useQuery } from "@tanstack/react-query";
import { Button, Table, Tag } from "antd";
import { Link, useNavigate } from "react-router";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { date, dateTime } from "@/lib/format";
import { hasRole, useMe } from "@/lib/session";
import { hrKeys, listPlans, type Plan } from "../api/hr";
import { PLAN_STATUS } from "../labels";

// Ant Design's default link blue is 4.1:1 on white (under WCAG AA); the theme has no colorLink yet.
const LINK = { color: "#a8071a" };

/** The restructuring plans (đề án) and their state. */
export default function PlansPage() {
  const me = useMe();
  const navigate = useNavigate();
  const plans = useQuery({ queryKey: hrKeys.plans, queryFn: listPlans });
  return (
    <Page
      title="Đề án sắp xếp tổ chức bộ máy"
      extra={hasRole(me, "office_hr") && <Button type="primary" onClick={() => navigate("/to-chuc/de-an/moi")}>Lập đề án mới</Button>}
    >
      {plans.error && <ProblemAlert error={plans.error} />}
      <Table<Plan>
        rowKey={(p) => String(p.id)} loading={plans.isPending} dataSource={plans.data?.items ?? []} size="small" scroll={{ x: true }}
        pagination={false} locale={{ emptyText: "Chưa có đề án nào." }}
        columns={[
          { title: "Đề án", render: (_, p) => <Link style={LINK} to={`/to-chuc/de-an/${p.id}`}>{p.title}</Link> },
          { title: "Hiệu lực", render: (_, p) => date(p.effective_date) },
          { title: "Số bước", align: "right", render: (_, p) => String(p.steps?.length ?? 0) },
          { title: "Trạng thái", render: (_, p) => <Tag>{PLAN_STATUS[p.status ?? ""] ?? p.status}</Tag> },
          { title: "Người lập", render: (_, p) => `${p.created_by ?? ""}, ${dateTime(p.created_at)}` },
        ]}
      />
    </Page>
  );
}
