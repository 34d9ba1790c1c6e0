import { Select, type SelectProps } from "antd";
import type { RefSelectProps } from "antd/es/select";
import { forwardRef, useImperativeHandle, useLayoutEffect, useRef } from "react";

type Props = SelectProps & { "aria-required"?: boolean | "true" | "false" };

/**
 * A Select inside a Form.Item. A required Form.Item gives its control `aria-required`, which Ant
 * Design's Select puts on its root <div> as well as on its combobox input; a div without a role may
 * not carry it (axe: aria-allowed-attr, critical). This one keeps it on the combobox only, so a
 * screen reader still hears that the choice is required and the label keeps its asterisk.
 */
export const FieldSelect = forwardRef<RefSelectProps, Props>(function FieldSelect({ "aria-required": ariaRequired, ...props }, ref) {
  const own = useRef<RefSelectProps>(null);
  useImperativeHandle(ref, () => own.current as RefSelectProps, []);
  const required = ariaRequired === true || ariaRequired === "true";
  useLayoutEffect(() => {
    const input = own.current?.nativeElement?.querySelector("input");
    if (!input) return;
    if (required) input.setAttribute("aria-required", "true");
    else input.removeAttribute("aria-required");
  });
  return <Select ref={own} {...props} />;
});
