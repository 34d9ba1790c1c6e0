import { Alert } from "antd";
import { ProblemAlert } from "@/components/ProblemAlert";

/** A tag the register does not know (typed or scanned on the desk's forms). */
export class UnknownTag extends Error {
  constructor(readonly tag: string) {
    super(tag);
  }
}

/** The service's problem in Vietnamese, or that the typed tag is not in the register. */
export function TagProblem({ error }: { error: unknown }) {
  if (error instanceof UnknownTag) return <Alert type="warning" showIcon message={`Không có tài sản mã ${error.tag} trong sổ.`} />;
  return <ProblemAlert error={error} />;
}
