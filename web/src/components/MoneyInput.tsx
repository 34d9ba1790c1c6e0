import { InputNumber, type InputNumberProps } from "antd";

const thousands = (v: number | string | undefined) => String(v ?? "").replace(/\B(?=(\d{3})+(?!\d))/g, ".");
const digits = (v: string | undefined) => Number((v ?? "").replace(/\D/g, ""));

/** Whole đồng typed with dots between thousands (1.500.000). */
export function MoneyInput(props: InputNumberProps<number>) {
  return <InputNumber<number> min={1} step={1_000_000} style={{ width: "100%" }} formatter={thousands} parser={digits} {...props} />;
}
