import { render, screen } from "@testing-library/react";
import { Money } from "./Money";

describe("Money", () => {
  it("writes the amount as the Office does and never wraps it", () => {
    render(<Money vnd={1_500_000} testId="m" />);
    const cell = screen.getByTestId("m");
    expect(cell).toHaveTextContent("1.500.000 ₫");
    expect(cell).toHaveStyle({ whiteSpace: "nowrap" });
  });
});
