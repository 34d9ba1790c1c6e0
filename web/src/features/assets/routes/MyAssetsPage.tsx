import { useQuery } from "@tanstack/react-query";
import { Table } from "antd";
import { Page } from "@/components/Page";
import { Money } from "@/components/Money";
import { ProblemAlert } from "@/components/ProblemAlert";
import { api, unwrap } from "@/lib/api/client";
import type { ItemOf } from "@/lib/api/types";
import { date } from "@/lib/format";
import { statusLabel } from "@/lib/messages";
import { useMe } from "@/lib/session";

type Item = ItemOf<"/api/v1/assets/items">;

/** The assets the logged-in staff member holds. */
export default function MyAssetsPage() {
  const me = useMe();
  const items = useQuery({
    queryKey: ["assets", "held", me.staff_id],
    enabled: !!me.staff_id,
    queryFn: () => unwrap(api.GET("/api/v1/assets/items", { params: { query: { holder_staff_id: me.staff_id!, limit: 200 } } })),
  });
  return (
    <Page title="Tài sản tôi đang giữ">
      {items.error && <ProblemAlert error={items.error} />}
      <Table<Item>
        rowKey="id" loading={items.isPending && !!me.staff_id} dataSource={items.data?.items ?? []} scroll={{ x: true }}
        locale={{ emptyText: "Đồng chí không giữ tài sản nào." }}
        columns={[
          { title: "Mã", dataIndex: "tag" },
          { title: "Tên tài sản", dataIndex: "name" },
          { title: "Ngày nhận", render: (_, i) => date(i.acquired_on) },
          { title: "Nguyên giá", align: "right", render: (_, i) => <Money vnd={i.original_cost_vnd} /> },
          { title: "Giá trị còn lại", align: "right", render: (_, i) => <Money vnd={i.residual_vnd} /> },
          { title: "Tình trạng", render: (_, i) => statusLabel(i.status ?? "") },
        ]}
      />
    </Page>
  );
}
