import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Input, Segmented, Select, Space, Table } from "antd";
import { useState } from "react";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { StatusTag } from "@/components/StatusTag";
import { date, dateTime } from "@/lib/format";
import { hasRole, useMe } from "@/lib/session";
import {
  assetKeys, findByTag, listDisposals, proposeDisposal, type Disposal, type DisposalStatus, type NewDisposal,
} from "../api/assets";
import { TagProblem, UnknownTag } from "../components/TagProblem";
import { DISPOSAL_METHODS } from "../labels";

const VIEWS: { value: DisposalStatus; label: string }[] = [
  { value: "requested", label: "Chờ lãnh đạo duyệt" },
  { value: "approved", label: "Đã duyệt" },
  { value: "rejected", label: "Bị từ chối" },
];

/** Disposals: the Office proposes one by tag with its reason and method; the leadership decides in the inbox. */
export default function DisposalsPage() {
  const me = useMe();
  const acts = hasRole(me, "office_assets");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<DisposalStatus>("requested");
  const [tag, setTag] = useState("");
  const [reason, setReason] = useState("");
  const [method, setMethod] = useState<NewDisposal["method"]>(null);
  const disposals = useQuery({ queryKey: [...assetKeys.all, "disposals", status], queryFn: () => listDisposals(status) });
  const propose = useMutation({
    mutationFn: async () => {
      const asset = await findByTag(tag);
      if (!asset) throw new UnknownTag(tag.trim());
      return proposeDisposal(asset.id!, { reason: reason.trim(), method });
    },
    onSuccess: (d) => {
      setTag(""); setReason(""); setMethod(null);
      message.success(`Đã gửi đề nghị thanh lý #${d.id} (${d.tag}) để lãnh đạo phê duyệt.`);
      void queryClient.invalidateQueries({ queryKey: assetKeys.all });
    },
  });
  return (
    <Page title="Thanh lý tài sản" extra={<Segmented aria-label="Trạng thái" options={VIEWS} value={status} onChange={(v) => setStatus(v as DisposalStatus)} />}>
      {acts && (
        <Card size="small" title="Đề nghị thanh lý" style={{ marginBottom: 16 }}>
          <Space wrap align="end">
            <div><label htmlFor="disposal-tag">Mã tài sản</label><Input id="disposal-tag" value={tag} onChange={(e) => setTag(e.target.value)} /></div>
            <div style={{ minWidth: 300 }}>
              <label htmlFor="disposal-reason">Lý do thanh lý</label>
              <Input id="disposal-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            </div>
            <div>
              <label htmlFor="disposal-method">Hình thức</label>
              <Select
                id="disposal-method" allowClear placeholder="Chưa chọn" style={{ minWidth: 180, display: "block" }} value={method ?? undefined}
                onChange={(v) => setMethod(v ?? null)} options={Object.entries(DISPOSAL_METHODS).map(([value, label]) => ({ value, label }))}
              />
            </div>
            <Button type="primary" loading={propose.isPending} disabled={!tag.trim() || !reason.trim()} onClick={() => propose.mutate()}>Gửi lãnh đạo phê duyệt</Button>
          </Space>
          {propose.error && <div style={{ marginTop: 12 }}><TagProblem error={propose.error} /></div>}
        </Card>
      )}
      {disposals.error && <ProblemAlert error={disposals.error} />}
      <Table<Disposal>
        rowKey={(d) => String(d.id)} loading={disposals.isPending} dataSource={disposals.data ?? []} size="small" scroll={{ x: true }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: "Không có đề nghị thanh lý nào ở trạng thái này." }}
        columns={[
          { title: "Số", render: (_, d) => `#${d.id}` },
          { title: "Mã tài sản", dataIndex: "tag" },
          { title: "Đơn vị", dataIndex: "unit" },
          { title: "Lý do", dataIndex: "reason" },
          { title: "Hình thức", render: (_, d) => (d.method ? DISPOSAL_METHODS[d.method] ?? d.method : "—") },
          { title: "Trạng thái", render: (_, d) => <StatusTag status={d.status} /> },
          { title: "Đề nghị", render: (_, d) => `${d.requested_by ?? ""}, ${dateTime(d.requested_at)}` },
          {
            title: "Quyết định",
            render: (_, d) => (d.decided_by
              ? <small>{`${d.decided_by}, ${dateTime(d.decided_at)}${d.disposed_on ? `; thanh lý ngày ${date(d.disposed_on)}` : ""}${d.decision_note ? `: ${d.decision_note}` : ""}`}</small>
              : "—"),
          },
        ]}
      />
    </Page>
  );
}
