import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { App } from "antd";
import type { Inbox, InboxEntry } from "@/lib/inbox";
import InboxPage from "./InboxPage";

const answer = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock("@/lib/inbox", async (original) => ({
  ...(await original<typeof import("@/lib/inbox")>()),
  inboxQuery: { queryKey: ["inbox"], queryFn: async () => answer.current },
}));

const entry = (id: number): InboxEntry => ({
  service: "finance", kind: "expense", id, unit: "BTC", title: `Đề nghị chi: Giấy in ${id}`, amount_vnd: 1_000_000,
  requested_by: "chuyenvien.btc", requested_at: "2026-12-01T02:00:00Z", actions: ["approve", "reject"],
});

function renderWith(inbox: Inbox) {
  answer.current = inbox;
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <App><InboxPage /></App>
    </QueryClientProvider>,
  );
}

describe("InboxPage", () => {
  it("says how many wait in all when it lists only the oldest", async () => {
    renderWith({ items: [entry(1), entry(2)], counts: { "finance.expense": 102, "fleet.booking": 3 }, unavailable: [] });
    expect(await screen.findByTestId("inbox-more")).toHaveTextContent(
      "Đang hiển thị 2 việc chờ lâu nhất trên tổng số 105 việc.");
  });

  it("says nothing more when every item is listed", async () => {
    renderWith({ items: [entry(1), entry(2)], counts: { "finance.expense": 2 }, unavailable: [] });
    expect(await screen.findByText("Đề nghị chi: Giấy in 2")).toBeInTheDocument();
    expect(screen.queryByTestId("inbox-more")).toBeNull();
  });
});
