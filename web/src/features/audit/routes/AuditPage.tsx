import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, DatePicker, Input, Select, Space, Table, Tag } from "antd";
import { Link, useSearchParams } from "react-router";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { dateTime, dayjs, OFFICE_TZ } from "@/lib/format";
import { auditKeys, listAudit, recordPage, type AuditEntry, type AuditFilter } from "../api/audit";

// Ant Design's default link blue is 4.1:1 on white (under WCAG AA); the theme has no colorLink yet.
const LINK = { color: "#a8071a" };

const TEXT = ["username", "unit", "action", "request_id"] as const;
const STATUS = [
  { value: "200", label: "200 Thành công" }, { value: "201", label: "201 Đã tạo" }, { value: "403", label: "403 Bị từ chối quyền" },
  { value: "404", label: "404 Không tìm thấy" }, { value: "409", label: "409 Xung đột" }, { value: "422", label: "422 Không hợp lệ" },
];

function statusColor(status?: number) {
  if (!status) return "default";
  return status >= 500 ? "red" : status >= 400 ? "#ad4e00" : "#237804";
}

/** The gateway's access audit with filters from the address; each record touched links to its history. */
export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filter: AuditFilter = {};
  for (const name of [...TEXT, "since", "until"] as const) {
    const v = params.get(name);
    if (v) (filter as Record<string, string>)[name] = v;
  }
  const status = params.get("status");
  if (status) filter.status = Number(status);
  const set = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value); else next.delete(name);
    setParams(next, { replace: true });
  };
  const audit = useInfiniteQuery({
    queryKey: auditKeys.list(filter),
    queryFn: ({ pageParam }) => listAudit(filter, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
  const rows = audit.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const day = (name: "since" | "until") => (params.get(name) ? dayjs(params.get(name)).tz(OFFICE_TZ) : null);
  return (
    <Page title="Nhật ký truy cập" extra={<Button onClick={() => void audit.refetch()}>Tải lại</Button>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search aria-label="Tên đăng nhập" placeholder="Tên đăng nhập" defaultValue={filter.username ?? ""} allowClear onSearch={(v) => set("username", v.trim() || undefined)} style={{ width: 180 }} />
        <Input.Search aria-label="Đơn vị" placeholder="Đơn vị" defaultValue={filter.unit ?? ""} allowClear onSearch={(v) => set("unit", v.trim() || undefined)} style={{ width: 120 }} />
        <Input.Search aria-label="Thao tác" placeholder="Thao tác" defaultValue={filter.action ?? ""} allowClear onSearch={(v) => set("action", v.trim() || undefined)} style={{ width: 160 }} />
        <Input.Search aria-label="Mã yêu cầu" placeholder="Mã yêu cầu" defaultValue={filter.request_id ?? ""} allowClear onSearch={(v) => set("request_id", v.trim() || undefined)} style={{ width: 200 }} />
        <label htmlFor="audit-status">Kết quả</label>
        <Select id="audit-status" allowClear placeholder="Tất cả" style={{ minWidth: 180 }} value={status ?? undefined} options={STATUS} onChange={(v) => set("status", v)} />
        <label htmlFor="audit-since">Từ ngày</label>
        <DatePicker id="audit-since" format="DD/MM/YYYY" value={day("since")} onChange={(d) => set("since", d ? dayjs.tz(d.format("YYYY-MM-DD"), OFFICE_TZ).format() : undefined)} />
        <label htmlFor="audit-until">Đến ngày</label>
        <DatePicker id="audit-until" format="DD/MM/YYYY" value={day("until")} onChange={(d) => set("until", d ? dayjs.tz(d.format("YYYY-MM-DD"), OFFICE_TZ).endOf("day").format() : undefined)} />
      </Space>
      {audit.error && <ProblemAlert error={audit.error} />}
      <Table<AuditEntry>
        rowKey={(e) => String(e.id)} loading={audit.isPending} dataSource={rows} size="small" pagination={false} scroll={{ x: true }}
        locale={{ emptyText: "Không có truy cập nào khớp bộ lọc." }}
        columns={[
          { title: "Thời điểm", render: (_, e) => dateTime(e.at) },
          { title: "Người dùng", render: (_, e) => e.username ?? "—" },
          { title: "Đơn vị", render: (_, e) => e.unit ?? "—" },
          { title: "Thao tác", dataIndex: "action" },
          { title: "Yêu cầu", render: (_, e) => <code style={{ wordBreak: "break-all" }}>{e.method} {e.path}</code> },
          { title: "Kết quả", render: (_, e) => <Tag color={statusColor(e.status)}>{e.status}</Tag> },
          { title: "Thời gian (ms)", align: "right", dataIndex: "duration_ms" },
          { title: "Địa chỉ", dataIndex: "client_addr" },
          {
            title: "Hồ sơ",
            render: (_, e) => {
              const page = recordPage(e.path);
              return page ? <Link style={LINK} to={page}>Diễn biến hồ sơ</Link> : null;
            },
          },
        ]}
      />
      {audit.hasNextPage && <Button style={{ marginTop: 12 }} loading={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>Xem thêm</Button>}
    </Page>
  );
}
