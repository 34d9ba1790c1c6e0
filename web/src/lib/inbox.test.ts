import { waitingCount, type Inbox } from "./inbox";

describe("waitingCount", () => {
  it("adds up the counts, not the items listed (only the oldest are)", () => {
    const inbox = { items: [], counts: { "finance.expense": 900, "fleet.booking": 2 }, unavailable: [] } as unknown as Inbox;
    expect(waitingCount(inbox)).toBe(902);
    expect(waitingCount(undefined)).toBe(0);
  });
});
