import { useQuery } from "@tanstack/react-query";
import { MinusSquareOutlined, PlusSquareOutlined } from "@ant-design/icons";
import { Button, Card, Descriptions, Table, Tag } from "antd";
import { Page } from "@/components/Page";
import { Money } from "@/components/Money";
import { ProblemAlert } from "@/components/ProblemAlert";
import { date, dateTime, officeToday } from "@/lib/format";
import { categoryLabel } from "@/lib/messages";
import { financeKeys, listRegulations, regulationInForce, type Norm, type Regulation } from "../api/finance";
import { LOCALITY, PER, TITLE_RANKS, label } from "../labels";

function NormTable({ norms }: { norms: Norm[] }) {
  return (
    <Table<Norm>
      rowKey={(n) => String(n.id)} dataSource={norms} size="small" pagination={false} scroll={{ x: true }}
      columns={[
        { title: "Khoản mục", render: (_, n) => categoryLabel(n.category ?? "") },
        { title: "Chức danh", render: (_, n) => label(TITLE_RANKS, n.title_rank, "Mọi chức danh") },
        { title: "Địa bàn", render: (_, n) => label(LOCALITY, n.locality_tier, "Mọi địa bàn") },
        { title: "Định mức", align: "right", render: (_, n) => <><Money vnd={n.limit_vnd} /> / {label(PER, n.per)}</> },
        { title: "Căn cứ", render: (_, n) => <small>{n.source ?? "—"}</small> },
      ]}
    />
  );
}

/** The spending regulation in force today with each norm's legal source, and every version before it. */
export default function RegulationsPage() {
  const today = officeToday();
  const inForce = useQuery({ queryKey: financeKeys.inForce(today), queryFn: () => regulationInForce(today) });
  const history = useQuery({ queryKey: financeKeys.regulations, queryFn: listRegulations });
  const current = inForce.data;
  return (
    <Page title="Quy chế chi tiêu nội bộ">
      {(inForce.error || history.error) && <ProblemAlert error={inForce.error ?? history.error} />}
      <Card title="Đang có hiệu lực" loading={inForce.isPending} style={{ marginBottom: 16 }}>
        {current ? (
          <>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
              <Descriptions.Item label="Tên">{current.title}</Descriptions.Item>
              <Descriptions.Item label="Hiệu lực từ">{date(current.effective_from)}</Descriptions.Item>
              <Descriptions.Item label="Căn cứ" span={2}>{current.source ?? "—"}</Descriptions.Item>
            </Descriptions>
            <NormTable norms={current.norms ?? []} />
          </>
        ) : (
          "Chưa có quy chế nào có hiệu lực hôm nay."
        )}
      </Card>
      <Card title="Các phiên bản">
        <Table<Regulation>
          rowKey={(r) => String(r.id)} loading={history.isPending} dataSource={history.data?.items ?? []} size="small"
          pagination={false} scroll={{ x: true }}
          expandable={{
            expandedRowRender: (r) => <NormTable norms={r.norms ?? []} />,
            expandIcon: ({ expanded, onExpand, record }) => (
              <Button
                size="small" type="text" icon={expanded ? <MinusSquareOutlined /> : <PlusSquareOutlined />}
                aria-label={expanded ? "Ẩn định mức" : "Xem định mức"} onClick={(e) => onExpand(record, e)}
              />
            ),
          }}
          columns={[
            { title: "Hiệu lực từ", render: (_, r) => date(r.effective_from) },
            { title: "Tên", render: (_, r) => <>{r.title} {r.id === current?.id && <Tag color="#237804">Đang áp dụng</Tag>}</> },
            { title: "Căn cứ", render: (_, r) => <small>{r.source ?? "—"}</small> },
            { title: "Số định mức", align: "right", render: (_, r) => String(r.norms?.length ?? 0) },
            { title: "Người ban hành", render: (_, r) => `${r.created_by ?? ""}, ${dateTime(r.created_at)}` },
          ]}
        />
      </Card>
    </Page>
  );
}
