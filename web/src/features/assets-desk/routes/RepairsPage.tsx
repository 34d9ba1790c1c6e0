import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Input, Modal, Segmented, Space, Table, Tag } from "antd";
import { useState } from "react";
import { Money } from "@/components/Money";
import { MoneyInput } from "@/components/MoneyInput";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { date, dateTime } from "@/lib/format";
import { hasRole, useMe } from "@/lib/session";
import {
  assetKeys, cancelRepair, completeRepair, findByTag, listRepairs, openRepair, type Repair, type RepairStatus,
} from "../api/assets";
import { TagProblem, UnknownTag } from "../components/TagProblem";
import { REPAIR_STATUS } from "../labels";

const VIEWS: { value: RepairStatus; label: string }[] = [
  { value: "open", label: REPAIR_STATUS.open },
  { value: "completed", label: REPAIR_STATUS.completed },
  { value: "cancelled", label: REPAIR_STATUS.cancelled },
];


/** Repairs of the register's assets: open one by tag, complete it at its actual cost, or cancel it. */
export default function RepairsPage() {
  const me = useMe();
  const acts = hasRole(me, "office_assets");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<RepairStatus>("open");
  const [tag, setTag] = useState("");
  const [description, setDescription] = useState("");
  const [estimate, setEstimate] = useState<number | null>(null);
  const [vendor, setVendor] = useState("");
  const [closing, setClosing] = useState<{ repair: Repair; action: "complete" | "cancel" } | null>(null);
  const [cost, setCost] = useState<number | null>(null);
  const [note, setNote] = useState("");
  const repairs = useQuery({ queryKey: [...assetKeys.all, "repairs", status], queryFn: () => listRepairs(status) });
  const done = (text: string) => {
    message.success(text);
    void queryClient.invalidateQueries({ queryKey: assetKeys.all });
  };
  const open = useMutation({
    mutationFn: async () => {
      const asset = await findByTag(tag);
      if (!asset) throw new UnknownTag(tag.trim());
      return openRepair(asset.id!, { description: description.trim(), estimated_cost_vnd: estimate ?? 0, vendor: vendor.trim() || null });
    },
    onSuccess: (r) => {
      setTag(""); setDescription(""); setEstimate(null); setVendor("");
      done(`Đã mở phiếu sửa chữa #${r.id} cho tài sản ${r.tag}.`);
    },
  });
  const close = useMutation({
    mutationFn: () => (closing!.action === "complete"
      ? completeRepair(closing!.repair.id!, cost ?? 0, note.trim())
      : cancelRepair(closing!.repair.id!, note.trim())),
    onSuccess: (r) => {
      setClosing(null);
      done(r.status === "completed" ? `Đã ghi sửa xong phiếu #${r.id}.` : `Đã hủy phiếu #${r.id}.`);
    },
  });
  return (
    <Page title="Sửa chữa tài sản" extra={<Segmented aria-label="Trạng thái" options={VIEWS} value={status} onChange={(v) => setStatus(v as RepairStatus)} />}>
      {acts && (
        <Card size="small" title="Mở phiếu sửa chữa" style={{ marginBottom: 16 }}>
          <Space wrap align="end">
            <div><label htmlFor="repair-tag">Mã tài sản</label><Input id="repair-tag" value={tag} onChange={(e) => setTag(e.target.value)} /></div>
            <div style={{ minWidth: 280 }}>
              <label htmlFor="repair-description">Hư hỏng, nội dung sửa</label>
              <Input id="repair-description" value={description} onChange={(e) => setDescription(e.target.value)} />
            </div>
            <div>
              <label htmlFor="repair-estimate">Dự toán (đồng)</label>
              <MoneyInput id="repair-estimate" min={0} style={{ width: 180, display: "block" }} value={estimate} onChange={setEstimate} />
            </div>
            <div><label htmlFor="repair-vendor">Đơn vị sửa (không bắt buộc)</label><Input id="repair-vendor" value={vendor} onChange={(e) => setVendor(e.target.value)} /></div>
            <Button type="primary" loading={open.isPending} disabled={!tag.trim() || !description.trim()} onClick={() => open.mutate()}>Mở phiếu</Button>
          </Space>
          {open.error && <div style={{ marginTop: 12 }}><TagProblem error={open.error} /></div>}
        </Card>
      )}
      {repairs.error && <ProblemAlert error={repairs.error} />}
      <Table<Repair>
        rowKey={(r) => String(r.id)} loading={repairs.isPending} dataSource={repairs.data ?? []} size="small" scroll={{ x: true }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: "Không có phiếu sửa chữa nào ở trạng thái này." }}
        columns={[
          { title: "Số", render: (_, r) => `#${r.id}` },
          { title: "Mã tài sản", dataIndex: "tag" },
          { title: "Đơn vị", dataIndex: "unit" },
          { title: "Nội dung", dataIndex: "description" },
          { title: "Đơn vị sửa", render: (_, r) => r.vendor ?? "—" },
          { title: "Dự toán", align: "right", render: (_, r) => <Money vnd={r.estimated_cost_vnd} /> },
          { title: "Chi phí thực tế", align: "right", render: (_, r) => (r.actual_cost_vnd == null ? "—" : <Money vnd={r.actual_cost_vnd} />) },
          {
            title: "Ghi chú",
            render: (_, r) => (
              <>
                {r.replacement_advised ? <Tag color="red">Nên thay thế</Tag> : null}
                <small>{r.completed_on ? `Xong ngày ${date(r.completed_on)}. ` : ""}{r.note ?? ""}</small>
              </>
            ),
          },
          { title: "Mở bởi", render: (_, r) => `${r.requested_by ?? ""}, ${dateTime(r.opened_at)}` },
          ...(acts && status === "open"
            ? [{
                title: "Thao tác",
                render: (_: unknown, r: Repair) => (
                  <Space>
                    <Button size="small" type="primary" onClick={() => { setClosing({ repair: r, action: "complete" }); setCost(r.estimated_cost_vnd ?? null); setNote(""); close.reset(); }}>Ghi sửa xong</Button>
                    <Button size="small" onClick={() => { setClosing({ repair: r, action: "cancel" }); setNote(""); close.reset(); }}>Hủy phiếu</Button>
                  </Space>
                ),
              }]
            : []),
        ]}
      />
      <Modal
        open={closing !== null} cancelText="Đóng" okButtonProps={{ loading: close.isPending }} onOk={() => close.mutate()} onCancel={() => setClosing(null)}
        title={closing ? `${closing.action === "complete" ? "Ghi sửa xong" : "Hủy"} phiếu #${closing.repair.id} (${closing.repair.tag})` : ""}
        okText={closing?.action === "complete" ? "Ghi sửa xong" : "Hủy phiếu"}
      >
        {closing?.action === "complete" && (
          <>
            <label htmlFor="repair-cost">Chi phí thực tế (đồng)</label>
            <MoneyInput id="repair-cost" min={0} value={cost} onChange={setCost} />
          </>
        )}
        <label htmlFor="repair-note">Ghi chú</label>
        <Input.TextArea id="repair-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        <div style={{ marginTop: 12 }}><ProblemAlert error={close.error} /></div>
      </Modal>
    </Page>
  );
}
