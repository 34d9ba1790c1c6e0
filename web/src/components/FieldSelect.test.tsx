import { render, screen } from "@testing-library/react";
import { Form, Select } from "antd";
import { FieldSelect } from "./FieldSelect";

function Required({ Control }: { Control: typeof Select | typeof FieldSelect }) {
  return (
    <Form>
      <Form.Item label="Khoản mục" name="category" rules={[{ required: true, message: "Xin chọn khoản mục" }]}>
        <Control options={[{ value: "transport", label: "Vận chuyển, xe công" }]} />
      </Form.Item>
    </Form>
  );
}

describe("FieldSelect", () => {
  it("keeps a required field's aria-required on the combobox, not on the Select's root div", () => {
    const { container } = render(<Required Control={FieldSelect} />);
    expect(screen.getByRole("combobox", { name: "Khoản mục" })).toHaveAttribute("aria-required", "true");
    expect(container.querySelectorAll("[aria-required]")).toHaveLength(1);
  });

  it("is needed: Ant Design's own Select puts it on its root div too", () => {
    const { container } = render(<Required Control={Select} />);
    expect(container.querySelector(".ant-select")).toHaveAttribute("aria-required", "true");
  });
});
