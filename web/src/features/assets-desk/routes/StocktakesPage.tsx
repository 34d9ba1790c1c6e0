import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, DatePicker, Form, Input, Progress, Select, Table, Tag } from "antd";
import { Link, useNavigate } from "react-router";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { date, dayjs, officeToday } from "@/lib/format";
import { hasRole, useMe } from "@/lib/session";
import { assetKeys, listBoards, listStocktakes, openStocktake } from "../api/assets";
import { STOCKTAKE_STATUS } from "../labels";

// A Select's own "required" rule puts aria-required on its root <div>, which axe refuses
// (aria-allowed-attr); this rule asks for a choice without it.
const chosen = (message: string) => [{
  validator: (_: unknown, v: unknown) => (v == null || (Array.isArray(v) && !v.length) ? Promise.reject(new Error(message)) : Promise.resolve()),
}];

// Ant Design's default link blue is 4.1:1 on white (under WCAG AA); the theme has no colorLink yet.
const LINK = { color: "#a8071a" };

type OpenForm = { title: string; units: string[]; as_of: dayjs.Dayjs };

/** Stock-take campaigns, and opening one for chosen boards and a date. */
export default function StocktakesPage() {
  const me = useMe();
  const acts = hasRole(me, "office_assets");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const campaigns = useQuery({ queryKey: assetKeys.stocktakes, queryFn: listStocktakes });
  const boards = useQuery({ queryKey: assetKeys.boards, queryFn: listBoards, enabled: acts, staleTime: 600_000 });
  const open = useMutation({
    mutationFn: (v: OpenForm) => openStocktake({ title: v.title.trim(), units: v.units, as_of: v.as_of.format("YYYY-MM-DD") }),
    onSuccess: (s) => {
      void queryClient.invalidateQueries({ queryKey: assetKeys.stocktakes });
      navigate(`/tai-san/kiem-ke/${s.id}`);
    },
  });
  return (
    <Page title="Kiểm kê tài sản">
      {acts && (
        <Card title="Mở đợt kiểm kê" size="small" style={{ marginBottom: 16 }}>
          <Form<OpenForm> layout="inline" onFinish={(v) => open.mutate(v)} initialValues={{ as_of: dayjs(officeToday()) }} style={{ rowGap: 8 }}>
            <Form.Item name="title" label="Tên đợt" rules={[{ required: true, whitespace: true, message: "Nhập tên đợt." }]}>
              <Input style={{ minWidth: 240 }} />
            </Form.Item>
            <Form.Item name="units" label="Đơn vị kiểm kê" rules={chosen("Chọn ít nhất một đơn vị.")}>
              <Select mode="multiple" style={{ minWidth: 240 }} options={(boards.data ?? []).map((u) => ({ value: u.code, label: `${u.code} - ${u.name}` }))} optionFilterProp="label" />
            </Form.Item>
            <Form.Item name="as_of" label="Ngày kiểm kê" >
              <DatePicker format="DD/MM/YYYY" allowClear={false} />
            </Form.Item>
            <Form.Item><Button type="primary" htmlType="submit" loading={open.isPending}>Mở đợt kiểm kê</Button></Form.Item>
          </Form>
          <ProblemAlert error={open.error} />
        </Card>
      )}
      {campaigns.error && <ProblemAlert error={campaigns.error} />}
      <Table
        rowKey={(s) => String(s.id)} loading={campaigns.isPending} dataSource={campaigns.data ?? []} size="small" scroll={{ x: true }}
        pagination={false} locale={{ emptyText: "Chưa có đợt kiểm kê nào." }}
        columns={[
          { title: "Đợt", render: (_, s) => <Link style={LINK} to={`/tai-san/kiem-ke/${s.id}`}>{s.title}</Link> },
          { title: "Ngày", render: (_, s) => date(s.as_of) },
          { title: "Đơn vị", render: (_, s) => (s.units ?? []).join(", ") },
          { title: "Tiến độ", render: (_, s) => <Progress percent={Math.round(s.progress?.percent ?? 0)} size="small" style={{ minWidth: 120 }} aria-label={`Tiến độ ${s.title}`} /> },
          { title: "Trạng thái", render: (_, s) => <Tag>{STOCKTAKE_STATUS[s.status ?? ""] ?? s.status}</Tag> },
        ]}
      />
    </Page>
  );
}
