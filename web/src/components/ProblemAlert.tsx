import { Alert } from "antd";
import { isProblem } from "@/lib/api/problem";
import { problemMessage, ruleMessage } from "@/lib/messages";

/** A failed API call as Vietnamese sentences: the problem's own, then each conflict it lists. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = isProblem(error) ? error.problem : undefined;
  const details = (problem?.conflicts ?? [])
    .map((c) => (typeof c.rule === "string" ? ruleMessage(c.rule, c) : undefined))
    .filter((s): s is string => Boolean(s));
  const fieldErrors = problem?.errors ? Object.keys(problem.errors) : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={problemMessage(problem)}
      description={
        details.length || fieldErrors.length ? (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {[...new Set(details)].map((d) => <li key={d}>{d}</li>)}
            {fieldErrors.length > 0 && <li>Trường chưa hợp lệ: {fieldErrors.join(", ")}</li>}
          </ul>
        ) : undefined
      }
    />
  );
}
