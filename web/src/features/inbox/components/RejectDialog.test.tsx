import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RejectDialog } from "./RejectDialog";

describe("RejectDialog", () => {
  it("refuses to reject without a reason, then sends the reason", async () => {
    const onReject = vi.fn();
    render(<RejectDialog open title="Đặt xe #7" busy={false} onCancel={() => {}} onReject={onReject} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Từ chối" }));
    expect(await screen.findByText("Xin nêu lý do từ chối")).toBeInTheDocument();
    expect(onReject).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText("Lý do từ chối"), "  Trùng lịch họp  ");
    await user.click(screen.getByRole("button", { name: "Từ chối" }));
    await waitFor(() => expect(onReject).toHaveBeenCalledWith("Trùng lịch họp"));
  });
});
