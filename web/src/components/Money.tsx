import { money } from "@/lib/format";

/** An amount as the Office writes it (1.500.000 ₫) that never wraps: "₫" stays on its digits' line,
 * however narrow the table column. */
export function Money({ vnd, testId }: { vnd: number | null | undefined; testId?: string }) {
  return <span className="money" data-testid={testId} style={{ whiteSpace: "nowrap" }}>{money(vnd)}</span>;
}
