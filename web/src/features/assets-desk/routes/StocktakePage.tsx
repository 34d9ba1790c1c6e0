import { FilePdfOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Col, Descriptions, Input, List, Progress, Row, Select, Space, Table, Tag } from "antd";
import { useRef, useState } from "react";
import type { InputRef } from "antd";
import { useParams } from "react-router";
import { Loading, Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { isProblem } from "@/lib/api/problem";
import { date, dateTime } from "@/lib/format";
import { hasRole, useMe } from "@/lib/session";
import {
  assetKeys, closeStocktake, getStocktake, listSheets, minutesUrl, proposeReconciliation, recordCount,
  type ResultLine, type Results,
} from "../api/assets";
import { RESULT_KINDS, STOCKTAKE_STATUS } from "../labels";

type Counted = { tag: string; unit: string; unknown: boolean };

/** The tags counted in this browser, newest first, each marked when the register does not know it. */
export function countedLines(previous: Counted[], unit: string, recorded: string[], unknown: string[]): Counted[] {
  const strange = new Set(unknown);
  const fresh = recorded.map((tag) => ({ tag, unit, unknown: strange.has(tag) }));
  const seen = new Set(fresh.map((c) => `${c.unit}.${c.tag}`));
  return [...fresh, ...previous.filter((c) => !seen.has(`${c.unit}.${c.tag}`))];
}

function ResultTables({ results }: { results: Results }) {
  return (
    <Row gutter={[16, 16]}>
      {RESULT_KINDS.map(({ key, title, color }) => {
        const lines: ResultLine[] = results[key] ?? [];
        return (
          <Col xs={24} lg={8} key={key}>
            <Card size="small" title={<span>{title} <Tag color={color} data-testid={`result-${key}-count`}>{lines.length}</Tag></span>}>
              <Table<ResultLine>
                rowKey={(r) => String(r.id ?? r.tag)} dataSource={lines} size="small" pagination={false} data-testid={`result-${key}`}
                locale={{ emptyText: "Không có." }}
                columns={[
                  { title: "Mã", dataIndex: "tag" },
                  { title: "Theo sổ", render: (_, r) => r.register_unit ?? "—" },
                  { title: "Đếm tại", render: (_, r) => r.counted_unit ?? "—" },
                ]}
              />
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

/** A stock-take: type or scan tags (a barcode scanner types into the field and presses Enter), watch
 * what is counted and what the register does not know, close, and send the reconciliation for approval. */
export default function StocktakePage() {
  const { id } = useParams();
  const stocktakeId = Number(id);
  const me = useMe();
  const acts = hasRole(me, "office_assets");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const stocktake = useQuery({ queryKey: assetKeys.stocktake(stocktakeId), queryFn: () => getStocktake(stocktakeId), enabled: stocktakeId > 0 });
  const sheets = useQuery({ queryKey: assetKeys.sheets(stocktakeId), queryFn: () => listSheets(stocktakeId), enabled: stocktakeId > 0 });
  const [unit, setUnit] = useState<string | undefined>();
  const [location, setLocation] = useState("");
  const [tag, setTag] = useState("");
  const [counted, setCounted] = useState<Counted[]>([]);
  const [note, setNote] = useState("");
  const field = useRef<InputRef>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: assetKeys.stocktake(stocktakeId) });
  const count = useMutation({
    mutationFn: ({ u, tags }: { u: string; tags: string[] }) => recordCount(stocktakeId, u, tags, location.trim()),
    onSuccess: (answer, { u, tags }) => {
      setCounted((prev) => countedLines(prev, u, tags, answer.unknown_tags ?? []));
      setTag("");
      field.current?.focus();
      refresh();
      void queryClient.invalidateQueries({ queryKey: assetKeys.sheets(stocktakeId) });
    },
  });
  const close = useMutation({ mutationFn: () => closeStocktake(stocktakeId), onSuccess: () => { message.success("Đã chốt kết quả kiểm kê."); refresh(); } });
  const propose = useMutation({
    mutationFn: () => proposeReconciliation(stocktakeId, note.trim()),
    onSuccess: () => { message.success("Đã gửi đề xuất xử lý để lãnh đạo phê duyệt."); refresh(); },
  });

  if (!(stocktakeId > 0) || (isProblem(stocktake.error) && stocktake.error.status === 404)) {
    return <Alert type="warning" showIcon message="Không tìm thấy đợt kiểm kê này." />;
  }
  if (!stocktake.data) return stocktake.error ? <ProblemAlert error={stocktake.error} /> : <Loading />;
  const s = stocktake.data;
  const progress = s.progress;
  const isOpen = s.status === "open";
  const chosen = unit ?? s.units?.[0];
  const submit = () => {
    const tags = tag.split(/[\s,;]+/).map((t) => t.trim()).filter(Boolean);
    if (chosen && tags.length) count.mutate({ u: chosen, tags });
  };
  return (
    <Page
      title={`Kiểm kê: ${s.title}`}
      extra={
        <Space wrap>
          {!isOpen && <Button icon={<FilePdfOutlined />} href={minutesUrl(stocktakeId)}>Biên bản kiểm kê</Button>}
          {acts && isOpen && <Button type="primary" danger loading={close.isPending} onClick={() => close.mutate()}>Kết thúc đếm và chốt kết quả</Button>}
        </Space>
      }
    >
      {[close.error, propose.error].filter(Boolean).map((e, i) => <div key={i} style={{ marginBottom: 12 }}><ProblemAlert error={e} /></div>)}
      <Descriptions size="small" column={{ xs: 1, md: 4 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="Ngày kiểm kê">{date(s.as_of)}</Descriptions.Item>
        <Descriptions.Item label="Đơn vị">{(s.units ?? []).join(", ")}</Descriptions.Item>
        <Descriptions.Item label="Trạng thái"><Tag data-testid="stocktake-status">{STOCKTAKE_STATUS[s.status ?? ""] ?? s.status}</Tag></Descriptions.Item>
        <Descriptions.Item label="Mở bởi">{`${s.opened_by ?? ""}, ${dateTime(s.opened_at)}`}</Descriptions.Item>
      </Descriptions>
      <Card size="small" title={`Tiến độ: ${progress?.counted ?? 0} / ${progress?.expected ?? 0} tài sản theo sổ đã đếm thấy`} style={{ marginBottom: 16 }}>
        <Progress percent={progress?.percent ?? 0} aria-label="Tiến độ kiểm kê" />
        <List
          size="small" grid={{ gutter: 8, xs: 1, md: 3 }} dataSource={progress?.by_unit ?? []}
          renderItem={(p) => <List.Item>{p.unit}: {p.counted} / {p.expected} ({p.percent}%)</List.Item>}
        />
      </Card>
      {acts && isOpen && (
        <Card size="small" title="Đếm tài sản" style={{ marginBottom: 16 }}>
          <Space wrap style={{ marginBottom: 12 }}>
            <label htmlFor="count-unit">Phiếu của đơn vị</label>
            <Select id="count-unit" value={chosen} onChange={setUnit} options={(s.units ?? []).map((u) => ({ value: u, label: u }))} style={{ minWidth: 120 }} />
            <label htmlFor="count-location">Vị trí (không bắt buộc)</label>
            <Input id="count-location" value={location} onChange={(e) => setLocation(e.target.value)} style={{ width: 200 }} />
          </Space>
          <div>
            <label htmlFor="count-tag">Mã tài sản (gõ hoặc quét mã vạch, Enter để ghi)</label>
            <Space.Compact style={{ display: "flex", maxWidth: 480 }}>
              <Input id="count-tag" ref={field} autoFocus value={tag} onChange={(e) => setTag(e.target.value)} onPressEnter={submit} />
              <Button type="primary" loading={count.isPending} onClick={submit}>Ghi</Button>
            </Space.Compact>
          </div>
          <div style={{ marginTop: 12 }}><ProblemAlert error={count.error} /></div>
          <List
            size="small" header="Vừa đếm" dataSource={counted} locale={{ emptyText: "Chưa đếm mã nào trong lần này." }} data-testid="counted"
            renderItem={(c) => (
              <List.Item>
                <span>{c.tag} ({c.unit})</span>
                {c.unknown ? <Tag color="#ad4e00">Không có trong sổ: tài sản thừa</Tag> : <Tag color="#237804">Có trong sổ</Tag>}
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card size="small" title="Các phiếu đếm" style={{ marginBottom: 16 }}>
        <Table
          rowKey={(sh) => String(sh.id)} dataSource={sheets.data ?? []} size="small" pagination={false} loading={sheets.isPending}
          locale={{ emptyText: "Chưa có phiếu đếm." }}
          columns={[
            { title: "Đơn vị", dataIndex: "unit" },
            { title: "Vị trí", render: (_, sh) => sh.location ?? "—" },
            { title: "Số mã đã đếm", align: "right", dataIndex: "count" },
            { title: "Các mã", render: (_, sh) => <small>{(sh.lines ?? []).map((l) => l.tag).join(", ")}</small> },
            { title: "Người lập", render: (_, sh) => `${sh.created_by ?? ""}, ${dateTime(sh.created_at)}` },
          ]}
        />
      </Card>
      {s.results ? (
        <>
          <ResultTables results={s.results as Results} />
          {acts && s.status === "closed" && (
            <Card size="small" title="Đề xuất xử lý" style={{ marginTop: 16 }}>
              <p>Tài sản thiếu được ghi thất lạc, tài sản sai vị trí được điều chuyển về nơi đếm thấy; lãnh đạo phê duyệt trước khi sổ thay đổi.</p>
              <label htmlFor="reconcile-note">Ghi chú</label>
              <Input.TextArea id="reconcile-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
              <Button style={{ marginTop: 8 }} type="primary" loading={propose.isPending} onClick={() => propose.mutate()}>Gửi đề xuất xử lý</Button>
            </Card>
          )}
        </>
      ) : s.results_so_far ? (
        <>
          <Alert
            type="info" showIcon style={{ marginBottom: 12 }}
            message="Kết quả tạm tính theo các mã đã đếm đến lúc này; kết quả chính thức được chốt khi kết thúc đếm."
          />
          <ResultTables results={s.results_so_far as Results} />
        </>
      ) : null}
    </Page>
  );
}
