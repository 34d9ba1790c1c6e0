import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, DatePicker, Input, Modal, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { ExportButtons } from "@/components/ExportButtons";
import { Money } from "@/components/Money";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { dateTime, dayjs, money } from "@/lib/format";
import { categories, categoryLabel } from "@/lib/messages";
import { hasRole, useMe } from "@/lib/session";
import { financeKeys, listBoards, listLedger, reverseEntry, type LedgerEntry, type LedgerFilter } from "../api/finance";
import { useYear, YearSelect } from "../components/YearSelect";
import { LEDGER_KINDS, label } from "../labels";

const FILTERS = ["unit", "category", "kind", "date_from", "date_to"] as const;

/** The ledger with filters from the address (board, category, kind, year, period), its files, and reversing an entry. */
export default function LedgerPage() {
  const me = useMe();
  const acts = hasRole(me, "office_finance");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [year, setYear] = useYear();
  const filter = { fiscal_year: year } as LedgerFilter;
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) (filter as Record<string, string>)[name] = value;
  }
  const setFilter = (values: Partial<Record<(typeof FILTERS)[number], string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(values)) {
      if (value) next.set(name, value); else next.delete(name);
    }
    setParams(next, { replace: true });
  };
  const [reversing, setReversing] = useState<LedgerEntry | null>(null);
  const [reason, setReason] = useState("");
  const boards = useQuery({ queryKey: financeKeys.units, queryFn: listBoards, staleTime: 600_000 });
  const ledger = useInfiniteQuery({
    queryKey: financeKeys.ledger(filter),
    queryFn: ({ pageParam }) => listLedger(filter, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
  const reverse = useMutation({
    mutationFn: () => reverseEntry(reversing!.id!, reason.trim()),
    onSuccess: () => {
      setReversing(null);
      message.success("Đã ghi bút toán đảo.");
      void queryClient.invalidateQueries({ queryKey: financeKeys.all });
    },
  });
  const entries = ledger.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  return (
    <Page title="Sổ cái ngân sách" extra={<ExportButtons base="/api/v1/finance/ledger" query={filter} />}>
      <Space wrap style={{ marginBottom: 12 }}>
        <YearSelect id="ledger-year" value={year} onChange={setYear} />
        <label htmlFor="ledger-unit">Đơn vị</label>
        <Select
          id="ledger-unit" allowClear placeholder="Tất cả" style={{ minWidth: 160 }} value={filter.unit} onChange={(v) => setFilter({ unit: v })}
          options={(boards.data ?? []).map((u) => ({ value: u.code, label: u.code }))}
        />
        <label htmlFor="ledger-category">Khoản mục</label>
        <Select
          id="ledger-category" allowClear placeholder="Tất cả" style={{ minWidth: 180 }} value={filter.category}
          onChange={(v) => setFilter({ category: v })} options={categories.map((c) => ({ value: c, label: categoryLabel(c) }))}
        />
        <label htmlFor="ledger-kind">Loại</label>
        <Select
          id="ledger-kind" allowClear placeholder="Tất cả" style={{ minWidth: 160 }} value={filter.kind} onChange={(v) => setFilter({ kind: v })}
          options={Object.entries(LEDGER_KINDS).map(([value, text]) => ({ value, label: text }))}
        />
        <label htmlFor="ledger-period">Thời gian ghi sổ</label>
        <DatePicker.RangePicker
          id={{ start: "ledger-period", end: "ledger-period-end" }} format="DD/MM/YYYY" allowEmpty={[true, true]}
          placeholder={["Từ ngày", "Đến ngày"]}
          value={[filter.date_from ? dayjs(filter.date_from) : null, filter.date_to ? dayjs(filter.date_to) : null]}
          onChange={(range) => setFilter({ date_from: range?.[0]?.format("YYYY-MM-DD"), date_to: range?.[1]?.format("YYYY-MM-DD") })}
        />
      </Space>
      {ledger.error && <ProblemAlert error={ledger.error} />}
      <Table<LedgerEntry>
        rowKey={(e) => String(e.id)} loading={ledger.isPending} dataSource={entries} size="small" pagination={false} scroll={{ x: true }}
        locale={{ emptyText: "Không có bút toán nào khớp bộ lọc." }}
        columns={[
          { title: "Số", render: (_, e) => `#${e.id}` },
          { title: "Thời điểm", render: (_, e) => dateTime(e.recorded_at) },
          { title: "Đơn vị", dataIndex: "unit" },
          { title: "Khoản mục", render: (_, e) => categoryLabel(e.category ?? "") },
          { title: "Loại", render: (_, e) => label(LEDGER_KINDS, e.kind) },
          { title: "Số tiền", align: "right", render: (_, e) => <Money vnd={e.amount_vnd} /> },
          {
            title: "Ghi chú",
            render: (_, e) => (
              <>
                {e.reverses_entry_id ? <Tag>Đảo bút toán #{e.reverses_entry_id}</Tag> : null}
                {e.overrun ? <Tag color="red">Vượt dự toán</Tag> : null}
                {e.note}
              </>
            ),
          },
          { title: "Nguồn", render: (_, e) => <small>{`${e.source ?? ""} ${e.source_id ?? ""}`}</small> },
          { title: "Người ghi", dataIndex: "recorded_by" },
          ...(acts
            ? [{
                title: "Thao tác",
                render: (_: unknown, e: LedgerEntry) =>
                  e.reverses_entry_id ? null : (
                    <Button size="small" danger onClick={() => { setReversing(e); setReason(""); reverse.reset(); }}>Đảo bút toán</Button>
                  ),
              }]
            : []),
        ]}
      />
      {ledger.hasNextPage && (
        <Button style={{ marginTop: 12 }} loading={ledger.isFetchingNextPage} onClick={() => void ledger.fetchNextPage()}>Xem thêm</Button>
      )}
      <Modal
        open={reversing !== null} title={reversing ? `Đảo bút toán #${reversing.id} (${money(reversing.amount_vnd)})` : ""}
        okText="Ghi bút toán đảo" cancelText="Đóng" okButtonProps={{ danger: true, loading: reverse.isPending, disabled: !reason.trim() }}
        onOk={() => reverse.mutate()} onCancel={() => setReversing(null)}
      >
        <label htmlFor="reverse-reason">Lý do (bắt buộc)</label>
        <Input.TextArea id="reverse-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        <div style={{ marginTop: 12 }}><ProblemAlert error={reverse.error} /></div>
      </Modal>
    </Page>
  );
}
