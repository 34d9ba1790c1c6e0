import { Select } from "antd";
import { useSearchParams } from "react-router";
import { dayjs, officeToday } from "@/lib/format";

/** The fiscal year in the address (`?fiscal_year=`), this year when absent. */
export function useYear(): [number, (year: number) => void] {
  const [params, setParams] = useSearchParams();
  const year = Number(params.get("fiscal_year")) || dayjs(officeToday()).year();
  const setYear = (y: number) => {
    const next = new URLSearchParams(params);
    next.set("fiscal_year", String(y));
    setParams(next, { replace: true });
  };
  return [year, setYear];
}

export function YearSelect({ id, value, onChange }: { id: string; value: number; onChange: (year: number) => void }) {
  const now = dayjs(officeToday()).year();
  return (
    <>
      <label htmlFor={id}>Năm</label>
      <Select id={id} value={value} onChange={onChange} options={[now - 2, now - 1, now, now + 1].map((y) => ({ value: y, label: String(y) }))} />
    </>
  );
}
