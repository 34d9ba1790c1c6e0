import { useQuery } from "@tanstack/react-query";
import { List, Tag, Typography } from "antd";
import { ruleMessage } from "@/lib/messages";
import { hrKeys, listRules, type Violation } from "../api/hr";
import { RULE_NAMES } from "../labels";

/** The legal source of each rule, from the HR service's rule table. */
export function useRuleSources(): Record<string, string> {
  const rules = useQuery({ queryKey: hrKeys.rules, queryFn: listRules, staleTime: 600_000 });
  return Object.fromEntries((rules.data?.items ?? []).map((r) => [r.code ?? "", r.source ?? ""]));
}

const keyOf = (v: Violation) => `${v.rule}.${v.unit ?? ""}.${v.position_id ?? ""}`;

/** Each broken rule: its name, the sentence with its figures, blocking or not, and its source. */
export function Violations({ items, fresh = [], empty = "Không vi phạm quy định nào." }: {
  items: Violation[]; fresh?: Violation[]; empty?: string;
}) {
  const sources = useRuleSources();
  const isNew = new Set(fresh.map(keyOf));
  if (!items.length) return <Typography.Text type="success">{empty}</Typography.Text>;
  return (
    <List
      size="small" dataSource={items} rowKey={keyOf}
      renderItem={(v) => (
        <List.Item>
          <div>
            <Tag color={v.blocking ? "red" : "#ad4e00"}>{v.blocking ? "Bắt buộc" : "Khuyến nghị"}</Tag>
            {isNew.has(keyOf(v)) && <Tag color="#9e1068">Mới phát sinh</Tag>}
            <strong>{v.unit ? `${v.unit}: ` : ""}{RULE_NAMES[v.rule ?? ""] ?? v.rule}</strong>
            <div>{ruleMessage(v.rule ?? "", v) ?? v.detail}</div>
            {sources[v.rule ?? ""] && <Typography.Text type="secondary" style={{ fontSize: 12 }}>Căn cứ: {sources[v.rule ?? ""]}</Typography.Text>}
          </div>
        </List.Item>
      )}
    />
  );
}
