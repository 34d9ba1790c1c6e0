import { useSearchParams } from "react-router";
import { officeToday } from "@/lib/format";

/** The date in the address (`?as_of=`), today in the office when absent. */
export function useAsOf(): [string, (day: string) => void] {
  const [params, setParams] = useSearchParams();
  const asOf = params.get("as_of") ?? officeToday();
  return [asOf, (day) => {
    const next = new URLSearchParams(params);
    next.set("as_of", day);
    setParams(next, { replace: true });
  }];
}
