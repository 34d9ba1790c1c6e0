import { Tag } from "antd";
import type { ReactNode } from "react";
import { statusLabel } from "@/lib/messages";

// Ant Design's preset tag colours put light text on light fills (below WCAG AA); these pairs pass.
const TONES = {
  waiting: { background: "#fff7e6", color: "#873800", borderColor: "#ffd591" },
  info: { background: "#e6f4ff", color: "#003eb3", borderColor: "#91caff" },
  busy: { background: "#f0f5ff", color: "#10239e", borderColor: "#adc6ff" },
  moving: { background: "#e6fffb", color: "#00474f", borderColor: "#87e8de" },
  done: { background: "#f6ffed", color: "#135200", borderColor: "#b7eb8f" },
  refused: { background: "#fff1f0", color: "#a8071a", borderColor: "#ffa39e" },
  neutral: { background: "#fafafa", color: "#262626", borderColor: "#d9d9d9" },
} as const;
export type Tone = keyof typeof TONES;

const STATUS_TONES: Record<string, Tone> = {
  requested: "waiting", submitted: "waiting", pending: "waiting", awaiting_budget: "waiting", pending_approval: "waiting",
  approved: "info", dispatched: "busy", in_progress: "moving", completed: "done", paid: "done", received: "done",
  rejected: "refused", budget_rejected: "refused",
};

export function ToneTag({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <Tag style={TONES[tone]}>{children}</Tag>;
}

export function StatusTag({ status }: { status: string | null | undefined }) {
  if (!status) return null;
  return <ToneTag tone={STATUS_TONES[status] ?? "neutral"}>{statusLabel(status)}</ToneTag>;
}
