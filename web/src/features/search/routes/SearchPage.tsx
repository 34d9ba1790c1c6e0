import { useQueries } from "@tanstack/react-query";
import { Card, Empty, Input, List, Typography } from "antd";
import { Link, useNavigate, useSearchParams } from "react-router";
import { Page } from "@/components/Page";
import { api, unwrap } from "@/lib/api/client";
import type { QueryOf } from "@/lib/api/types";
import { date, money } from "@/lib/format";
import { statusLabel } from "@/lib/messages";

type Hit = { key: string; title: string; detail: string; to?: string };
type Source = { name: string; search: (q: string) => Promise<Hit[]> };

// Each list the contract searches with ?q= (case and diacritics ignored, within what the caller may see).
const SOURCES: Source[] = [
  {
    name: "Cán bộ",
    search: async (q) => ((await unwrap(api.GET("/api/v1/hr/staff", { params: { query: { q, limit: 20 } as QueryOf<"/api/v1/hr/staff"> } }))).items ?? [])
      .map((s) => ({ key: `s${s.id}`, title: s.full_name ?? "", detail: `${s.unit ?? ""}` })),
  },
  {
    name: "Đơn vị",
    search: async (q) => ((await unwrap(api.GET("/api/v1/hr/units", { params: { query: { q, limit: 20 } as QueryOf<"/api/v1/hr/units"> } }))).items ?? [])
      .map((u) => ({ key: `u${u.code}`, title: u.name ?? "", detail: u.code ?? "" })),
  },
  {
    name: "Phiếu đặt xe",
    search: async (q) => (await unwrap(api.GET("/api/v1/fleet/bookings", { params: { query: { q, limit: 20 } as QueryOf<"/api/v1/fleet/bookings"> } }))).items
      .map((b) => ({ key: `b${b.id}`, title: `#${b.id} ${b.purpose ?? ""}`, detail: `${b.destination ?? ""} · ${date(b.start_at)} · ${statusLabel(b.status ?? "")}`, to: `/de-nghi/dat-xe/${b.id}` })),
  },
  {
    name: "Đề nghị chi",
    search: async (q) => (await unwrap(api.GET("/api/v1/finance/expenses", { params: { query: { q, limit: 20 } as QueryOf<"/api/v1/finance/expenses"> } }))).items
      .map((e) => ({ key: `e${e.id}`, title: `#${e.id} ${e.description ?? ""}`, detail: `${money(e.amount_vnd)} · ${statusLabel(e.status ?? "")}`, to: `/de-nghi/de-nghi-chi/${e.id}` })),
  },
  {
    name: "Đề nghị mua sắm",
    search: async (q) => (await unwrap(api.GET("/api/v1/assets/procurements", { params: { query: { q, limit: 20 } as QueryOf<"/api/v1/assets/procurements"> } }))).items
      .map((p) => ({ key: `p${p.id}`, title: `#${p.id} ${(p.lines ?? []).map((l) => l.description).join("; ")}`, detail: `${money(p.total_vnd)} · ${statusLabel(p.status ?? "")}`, to: `/de-nghi/mua-sam/${p.id}` })),
  },
  {
    name: "Tài sản",
    search: async (q) => (await unwrap(api.GET("/api/v1/assets/items", { params: { query: { q, limit: 20 } } }))).items
      .map((i) => ({ key: `a${i.id}`, title: `${i.tag ?? ""} ${i.name ?? ""}`, detail: `${i.unit ?? ""} · ${money(i.residual_vnd)}` })),
  },
  {
    name: "Xe",
    search: async (q) => (await unwrap(api.GET("/api/v1/fleet/vehicles", { params: { query: { q, limit: 20 } as QueryOf<"/api/v1/fleet/vehicles"> } }))).items
      .map((v) => ({ key: `v${v.id}`, title: v.plate ?? "", detail: `${v.model ?? ""} · ${v.seats} chỗ` })),
  },
];

export default function SearchPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const q = (params.get("q") ?? "").trim();
  const results = useQueries({
    queries: SOURCES.map((s) => ({ queryKey: ["search", s.name, q], enabled: q.length > 0, queryFn: () => s.search(q), retry: false })),
  });
  // a list the caller may not read (403) or that cannot search yet simply has no hits here
  const groups = SOURCES.map((s, i) => ({ name: s.name, hits: results[i].data ?? [] })).filter((g) => g.hits.length > 0);
  const busy = results.some((r) => r.isFetching);
  return (
    <Page title="Tìm kiếm">
      <Input.Search
        aria-label="Từ khóa tìm kiếm"
        defaultValue={q}
        placeholder="Ví dụ: nguyen van hung"
        enterButton="Tìm"
        loading={busy}
        style={{ maxWidth: 520, marginBottom: 16 }}
        onSearch={(v) => navigate(`/tim-kiem?q=${encodeURIComponent(v.trim())}`)}
      />
      <Typography.Paragraph type="secondary">Không phân biệt chữ hoa, chữ thường và dấu tiếng Việt.</Typography.Paragraph>
      {q && !busy && groups.length === 0 && <Empty description={`Không tìm thấy kết quả cho "${q}".`} />}
      {groups.map((g) => (
        <Card key={g.name} title={g.name} size="small" style={{ marginBottom: 12 }}>
          <List
            dataSource={g.hits}
            renderItem={(h) => (
              <List.Item key={h.key}>
                <List.Item.Meta title={h.to ? <Link to={h.to}>{h.title}</Link> : h.title} description={h.detail} />
              </List.Item>
            )}
          />
        </Card>
      ))}
    </Page>
  );
}
