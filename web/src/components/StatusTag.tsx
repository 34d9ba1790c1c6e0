import { Tag } from "antd";
import { statusLabel } from "@/lib/messages";

const COLORS: Record<string, string> = {
  requested: "gold", submitted: "gold", pending: "gold", draft: "default", approved: "blue", dispatched: "geekblue",
  in_progress: "cyan", completed: "green", paid: "green", received: "green", rejected: "red", cancelled: "default",
  withdrawn: "default",
};

export function StatusTag({ status }: { status: string | null | undefined }) {
  if (!status) return null;
  return <Tag color={COLORS[status] ?? "default"}>{statusLabel(status)}</Tag>;
}
