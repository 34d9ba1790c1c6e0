import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Input, List, Row, Space, Statistic, Tag } from "antd";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { Loading, Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { isProblem } from "@/lib/api/problem";
import { date, dateTime, dayjs, officeToday } from "@/lib/format";
import { hasRole, useMe } from "@/lib/session";
import {
  applyPlan, approvePlan, createPlan, getPlan, getPreview, hrKeys, listPositions, listUnits, updatePlan,
  type Plan, type PlanBody, type Preview, type Step,
} from "../api/hr";
import { StaffingTable } from "../components/StaffingTable";
import { StepForm } from "../components/StepForm";
import { Violations } from "../components/Violations";
import { PLAN_STATUS, describeStep } from "../labels";

type Draft = { title: string; description: string; effective_date: string; steps: Step[] };
type Summary = {
  headcount?: { posts_before?: number; posts_after?: number; staff_before?: number; staff_after?: number; unassigned_after?: number };
  deputies?: { posts_before?: number; posts_after?: number };
  departments?: { before?: number; after?: number };
  reduction?: { target_posts?: number; posts_reduced?: number; meets_target?: boolean };
};

const NEW: Draft = { title: "", description: "", effective_date: officeToday(), steps: [] };

function PreviewCard({ preview }: { preview: Preview }) {
  const s = (preview.summary ?? {}) as Summary;
  const pair = (title: string, before?: number, after?: number) => (
    <Col xs={12} md={6}><Statistic title={title} value={`${before ?? "—"} → ${after ?? "—"}`} /></Col>
  );
  return (
    <Card title="Xem trước: trước và sau đề án" style={{ marginTop: 16 }} data-testid="preview">
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {pair("Biên chế (chỉ tiêu)", s.headcount?.posts_before, s.headcount?.posts_after)}
        {pair("Cấp phó (chỉ tiêu)", s.deputies?.posts_before, s.deputies?.posts_after)}
        {pair("Số phòng", s.departments?.before, s.departments?.after)}
        <Col xs={12} md={6}>
          <Statistic title="Tinh giản (chỉ tiêu / đạt)" value={`${s.reduction?.target_posts ?? "—"} / ${s.reduction?.posts_reduced ?? "—"}`} />
          {s.reduction && <Tag color={s.reduction.meets_target ? "#237804" : "#ad4e00"}>{s.reduction.meets_target ? "Đạt chỉ tiêu" : "Chưa đạt chỉ tiêu"}</Tag>}
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12} data-testid="preview-before">
          <h2 style={{ fontSize: 16 }}>Trước ({date(preview.before?.as_of)})</h2>
          <StaffingTable rows={preview.before?.items ?? []} compact />
        </Col>
        <Col xs={24} lg={12} data-testid="preview-after">
          <h2 style={{ fontSize: 16 }}>Sau ({date(preview.after?.as_of)})</h2>
          <StaffingTable rows={preview.after?.items ?? []} compact />
        </Col>
      </Row>
      <h2 style={{ fontSize: 16, marginTop: 16 }}>Quy định bị vi phạm sau đề án</h2>
      <Violations items={preview.violations ?? []} fresh={preview.new_violations ?? []} empty="Sau đề án không vi phạm quy định nào." />
      {(preview.resolved_violations?.length ?? 0) > 0 && (
        <>
          <h2 style={{ fontSize: 16, marginTop: 16 }}>Vi phạm được khắc phục</h2>
          <Violations items={preview.resolved_violations ?? []} />
        </>
      )}
    </Card>
  );
}

/** The đề án editor: its steps, the preview before and after with the rules it would break, approval, applying. */
export default function PlanPage() {
  const { id } = useParams();
  const isNew = id === "moi";
  const planId = Number(id);
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const plan = useQuery({ queryKey: hrKeys.plan(planId), queryFn: () => getPlan(planId), enabled: !isNew && planId > 0 });
  const editable = hasRole(me, "office_hr") && (isNew || plan.data?.status === "draft" || plan.data?.status === "approved");
  const preview = useQuery({
    queryKey: hrKeys.preview(planId, plan.data?.updated_at),
    queryFn: () => getPreview(planId),
    enabled: !isNew && Boolean(plan.data) && plan.data?.status !== "applied",
  });
  const units = useQuery({ queryKey: hrKeys.units(officeToday()), queryFn: () => listUnits(officeToday()), enabled: editable });
  const positions = useQuery({ queryKey: hrKeys.positions, queryFn: listPositions, enabled: editable });
  const [draft, setDraft] = useState<Draft>(NEW);
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (plan.data && !dirty) {
      const p = plan.data;
      setDraft({ title: p.title ?? "", description: p.description ?? "", effective_date: p.effective_date ?? officeToday(), steps: (p.steps ?? []) as Step[] });
    }
  }, [plan.data, dirty]);
  const edit = (change: Partial<Draft>) => { setDraft((d) => ({ ...d, ...change })); setDirty(true); };
  const done = (text: string) => (saved: Plan) => {
    setDirty(false);
    message.success(text);
    void queryClient.invalidateQueries({ queryKey: hrKeys.all });
    if (isNew) navigate(`/to-chuc/de-an/${saved.id}`, { replace: true });
  };
  const body = () => ({ ...draft, title: draft.title.trim(), steps: draft.steps as unknown as PlanBody["steps"] });
  const save = useMutation({
    mutationFn: () => (isNew ? createPlan(body()) : updatePlan(planId, body())),
    onSuccess: done("Đã lưu đề án; lãnh đạo thấy đề án dự thảo trong mục Việc cần xử lý."),
  });
  const approve = useMutation({ mutationFn: () => approvePlan(planId), onSuccess: done("Đã phê duyệt đề án.") });
  const apply = useMutation({ mutationFn: () => applyPlan(planId), onSuccess: done("Đã thực hiện đề án.") });
  const positionName = (pid: number) => {
    const p = positions.data?.find((x) => x.id === pid);
    return p ? `${p.title} (#${pid}, ${p.unit})` : `#${pid}`;
  };

  if (!isNew && (!(planId > 0) || (isProblem(plan.error) && plan.error.status === 404))) {
    return <Alert type="warning" showIcon message="Không tìm thấy đề án này." />;
  }
  if (!isNew && !plan.data) return plan.error ? <ProblemAlert error={plan.error} /> : <Loading />;
  const p = plan.data;
  const status = p?.status ?? "draft";
  const mayApprove = hasRole(me, "leadership") && status === "draft" && !dirty;
  const mayApply = hasRole(me, "office_hr") && (status === "approved" || status === "scheduled") && !dirty;
  return (
    <Page
      title={isNew ? "Lập đề án mới" : `Đề án: ${p?.title}`}
      extra={
        <Space wrap>
          {editable && (
            <Button type="primary" loading={save.isPending} disabled={!draft.title.trim() || !draft.steps.length || (!isNew && !dirty)} onClick={() => save.mutate()}>
              Lưu và gửi lãnh đạo phê duyệt
            </Button>
          )}
          {mayApprove && <Button type="primary" loading={approve.isPending} onClick={() => approve.mutate()}>Phê duyệt đề án</Button>}
          {mayApply && <Button type="primary" danger loading={apply.isPending} onClick={() => apply.mutate()}>Thực hiện đề án</Button>}
        </Space>
      }
    >
      {[save.error, approve.error, apply.error].filter(Boolean).map((e, i) => <div key={i} style={{ marginBottom: 12 }}><ProblemAlert error={e} /></div>)}
      {p && (
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
          <Descriptions.Item label="Trạng thái"><Tag data-testid="plan-status">{PLAN_STATUS[status] ?? status}</Tag></Descriptions.Item>
          <Descriptions.Item label="Người lập">{`${p.created_by ?? ""}, ${dateTime(p.created_at)}`}</Descriptions.Item>
          <Descriptions.Item label="Phê duyệt">{p.approved_by ? `${p.approved_by}, ${dateTime(p.approved_at)}` : "—"}</Descriptions.Item>
          <Descriptions.Item label="Thực hiện">{p.applied_by ? `${p.applied_by}, ${dateTime(p.applied_at)}` : "—"}</Descriptions.Item>
          {p.failure_reason && <Descriptions.Item label="Lý do không thực hiện được">{p.failure_reason}</Descriptions.Item>}
        </Descriptions>
      )}
      <Card title="Nội dung đề án" size="small">
        <Space direction="vertical" style={{ width: "100%" }}>
          <label htmlFor="plan-title">Tên đề án</label>
          <Input id="plan-title" value={draft.title} disabled={!editable} onChange={(e) => edit({ title: e.target.value })} />
          <label htmlFor="plan-description">Mô tả</label>
          <Input.TextArea id="plan-description" rows={2} value={draft.description} disabled={!editable} onChange={(e) => edit({ description: e.target.value })} />
          <label htmlFor="plan-date">Ngày hiệu lực</label>
          <DatePicker
            id="plan-date" format="DD/MM/YYYY" allowClear={false} disabled={!editable} value={dayjs(draft.effective_date)}
            onChange={(d) => d && edit({ effective_date: d.format("YYYY-MM-DD") })}
          />
        </Space>
      </Card>
      <Card title={`Các bước (${draft.steps.length})`} size="small" style={{ marginTop: 16 }}>
        <List
          size="small" dataSource={draft.steps.map((s, i) => ({ s, i }))} locale={{ emptyText: "Chưa có bước nào." }}
          renderItem={({ s, i }) => (
            <List.Item
              actions={editable ? [<Button key="x" size="small" danger onClick={() => edit({ steps: draft.steps.filter((_, j) => j !== i) })}>Xóa bước</Button>] : []}
            >
              {i + 1}. {describeStep(s, positionName)}
            </List.Item>
          )}
        />
        {editable && (
          <div style={{ marginTop: 12 }}>
            <StepForm units={units.data ?? []} positions={positions.data ?? []} onAdd={(s) => edit({ steps: [...draft.steps, s] })} />
          </div>
        )}
      </Card>
      {dirty && !isNew && <Alert style={{ marginTop: 16 }} type="info" showIcon message="Đề án đã sửa: lưu lại để xem trước theo nội dung mới (đề án trở về dự thảo, cần phê duyệt lại)." />}
      {preview.error && <div style={{ marginTop: 16 }}><ProblemAlert error={preview.error} /></div>}
      {preview.data && !dirty && <PreviewCard preview={preview.data} />}
    </Page>
  );
}
