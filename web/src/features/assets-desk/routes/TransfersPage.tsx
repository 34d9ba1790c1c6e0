import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, DatePicker, Descriptions, Input, Select, Space } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { Page } from "@/components/Page";
import { hasRole, useMe } from "@/lib/session";
import { assetKeys, findByTag, listBoards, transferItem, type Asset } from "../api/assets";
import { AssetHistory } from "../components/AssetHistory";
import { TagProblem, UnknownTag } from "../components/TagProblem";
import { ASSET_STATUS } from "../labels";

/** Transferring an asset to another unit (and location): found by its tag, with the reason; its history after. */
export default function TransfersPage() {
  const me = useMe();
  const acts = hasRole(me, "office_assets");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [tag, setTag] = useState("");
  const [toUnit, setToUnit] = useState<string | undefined>();
  const [location, setLocation] = useState("");
  const [reason, setReason] = useState("");
  const [day, setDay] = useState<Dayjs | null>(null);
  const [moved, setMoved] = useState<Asset | null>(null);
  const boards = useQuery({ queryKey: assetKeys.boards, queryFn: listBoards, staleTime: 600_000 });
  const transfer = useMutation({
    mutationFn: async () => {
      const asset = await findByTag(tag);
      if (!asset) throw new UnknownTag(tag.trim());
      return transferItem(asset.id!, {
        to_unit: toUnit!, location: location.trim() || null, reason: reason.trim() || null, holder_staff_id: null,
        effective_on: day ? day.format("YYYY-MM-DD") : null,
      });
    },
    onSuccess: (a) => {
      setMoved(a);
      setTag(""); setLocation(""); setReason(""); setDay(null);
      message.success(`Đã điều chuyển tài sản ${a.tag} về ${a.unit}.`);
      void queryClient.invalidateQueries({ queryKey: assetKeys.all });
    },
  });
  return (
    <Page title="Điều chuyển tài sản">
      {acts ? (
        <Card size="small" title="Điều chuyển một tài sản" style={{ marginBottom: 16 }}>
          <Space wrap align="end">
            <div><label htmlFor="transfer-tag">Mã tài sản</label><Input id="transfer-tag" value={tag} onChange={(e) => setTag(e.target.value)} /></div>
            <div>
              <label htmlFor="transfer-unit">Đến đơn vị</label>
              <Select
                id="transfer-unit" placeholder="Chọn đơn vị" style={{ minWidth: 220, display: "block" }} value={toUnit} onChange={setToUnit}
                options={(boards.data ?? []).map((u) => ({ value: u.code, label: `${u.code} - ${u.name ?? ""}` }))}
              />
            </div>
            <div><label htmlFor="transfer-location">Vị trí mới (không bắt buộc)</label><Input id="transfer-location" value={location} onChange={(e) => setLocation(e.target.value)} /></div>
            <div>
              <label htmlFor="transfer-day">Ngày điều chuyển</label>
              <DatePicker id="transfer-day" format="DD/MM/YYYY" placeholder="Hôm nay" style={{ display: "block" }} value={day} onChange={setDay} />
            </div>
            <div style={{ minWidth: 280 }}><label htmlFor="transfer-reason">Lý do, quyết định</label><Input id="transfer-reason" value={reason} onChange={(e) => setReason(e.target.value)} /></div>
            <Button type="primary" loading={transfer.isPending} disabled={!tag.trim() || !toUnit} onClick={() => transfer.mutate()}>Điều chuyển</Button>
          </Space>
          {transfer.error && <div style={{ marginTop: 12 }}><TagProblem error={transfer.error} /></div>}
        </Card>
      ) : (
        <Card size="small" style={{ marginBottom: 16 }}>Mỗi lần điều chuyển được ghi vào lịch sử của tài sản trong Sổ tài sản.</Card>
      )}
      {moved && (
        <Card size="small" title={`Tài sản ${moved.tag}: ${moved.name ?? ""}`}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="Đơn vị">{moved.unit}</Descriptions.Item>
            <Descriptions.Item label="Vị trí">{moved.location ?? "—"}</Descriptions.Item>
            <Descriptions.Item label="Trạng thái">{ASSET_STATUS[moved.status ?? ""] ?? moved.status}</Descriptions.Item>
          </Descriptions>
          <AssetHistory assetId={moved.id!} />
        </Card>
      )}
    </Page>
  );
}
