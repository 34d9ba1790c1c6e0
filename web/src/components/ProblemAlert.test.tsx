import { render, screen } from "@testing-library/react";
import { ApiProblem } from "@/lib/api/problem";
import { ProblemAlert } from "./ProblemAlert";

describe("ProblemAlert", () => {
  it("shows the problem and each dispatch conflict in Vietnamese", () => {
    const error = new ApiProblem(409, {
      type: "https://office.example/problems/conflict", status: 409, rule: "seats", passenger_seats: 4, passengers: 6,
      conflicts: [
        { rule: "seats", passenger_seats: 4, passengers: 6 },
        { rule: "licence_class", required_class: "D", licence_class: "B2" },
      ],
    });
    render(<ProblemAlert error={error} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Xe không đủ chỗ: có 4 chỗ cho khách, chuyến đi cần 6.");
    expect(screen.getByText("Xe cần giấy phép hạng D; lái xe có hạng B2.")).toBeInTheDocument();
  });

  it("renders nothing without an error", () => {
    const { container } = render(<ProblemAlert error={null} />);
    expect(container).toBeEmptyDOMElement();
  });
});
