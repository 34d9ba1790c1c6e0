import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Space, Table, Tag } from "antd";
import { useState } from "react";
import { Page } from "@/components/Page";
import { Money } from "@/components/Money";
import { ProblemAlert } from "@/components/ProblemAlert";
import { dateTime } from "@/lib/format";
import { INBOX_KEY, inboxQuery, waitingCount, type InboxEntry } from "@/lib/inbox";
import { kindLabel } from "@/lib/messages";
import { canDecide, decide, type Decision } from "../api/decide";
import { RejectDialog } from "../components/RejectDialog";

const SERVICE_NAMES: Record<string, string> = { fleet: "Xe công", finance: "Tài chính", assets: "Tài sản", hr: "Tổ chức" };

export default function InboxPage() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const inbox = useQuery(inboxQuery);
  const [rejecting, setRejecting] = useState<InboxEntry | null>(null);
  const mutation = useMutation({
    mutationFn: (d: Decision) => decide(d),
    onSuccess: (_, d) => {
      setRejecting(null);
      message.success(d.action === "approve" ? "Đã phê duyệt." : "Đã từ chối.");
      void queryClient.invalidateQueries({ queryKey: INBOX_KEY });
    },
  });
  const key = (e: InboxEntry) => `${e.service}.${e.kind}.${e.id}`;
  return (
    <Page title="Việc cần xử lý">
      {inbox.data && inbox.data.unavailable.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`Chưa lấy được việc của: ${inbox.data.unavailable.map((s) => SERVICE_NAMES[s] ?? s).join(", ")}. Các việc khác vẫn hiển thị.`}
        />
      )}
      {inbox.data && waitingCount(inbox.data) > inbox.data.items.length && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="inbox-more"
          message={`Đang hiển thị ${inbox.data.items.length} việc chờ lâu nhất trên tổng số ${waitingCount(inbox.data)} việc. Xử lý xong các việc này, các việc tiếp theo sẽ hiện ra.`}
        />
      )}
      {inbox.error && <ProblemAlert error={inbox.error} />}
      {mutation.error && <div style={{ marginBottom: 12 }}><ProblemAlert error={mutation.error} /></div>}
      <Table<InboxEntry>
        rowKey={key}
        loading={inbox.isPending}
        dataSource={inbox.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: "Không có việc nào đang chờ đồng chí quyết định." }}
        scroll={{ x: true }}
        columns={[
          { title: "Loại", render: (_, e) => <Tag>{kindLabel(`${e.service}.${e.kind}`)}</Tag> },
          { title: "Nội dung", dataIndex: "title" },
          { title: "Đơn vị", dataIndex: "unit" },
          { title: "Số tiền", align: "right", render: (_, e) => (e.amount_vnd == null ? "—" : <Money vnd={e.amount_vnd} />) },
          { title: "Người đề nghị", dataIndex: "requested_by" },
          { title: "Ngày đề nghị", render: (_, e) => dateTime(e.requested_at) },
          {
            title: "Quyết định",
            render: (_, e) =>
              canDecide(e.service, e.kind) ? (
                <Space>
                  {e.actions.includes("approve") && (
                    <Button
                      type="primary"
                      size="small"
                      loading={mutation.isPending && mutation.variables?.id === e.id && mutation.variables.action === "approve"}
                      onClick={() => mutation.mutate({ service: e.service, kind: e.kind, id: e.id, action: "approve" })}
                      aria-label={`Phê duyệt: ${e.title}`}
                    >
                      Phê duyệt
                    </Button>
                  )}
                  {e.actions.includes("reject") && (
                    <Button danger size="small" onClick={() => setRejecting(e)} aria-label={`Từ chối: ${e.title}`}>
                      Từ chối
                    </Button>
                  )}
                </Space>
              ) : null,
          },
        ]}
      />
      <RejectDialog
        open={rejecting !== null}
        title={rejecting?.title ?? ""}
        busy={mutation.isPending}
        onCancel={() => setRejecting(null)}
        onReject={(reason) => rejecting && mutation.mutate({ service: rejecting.service, kind: rejecting.kind, id: rejecting.id, action: "reject", reason })}
      />
    </Page>
  );
}
