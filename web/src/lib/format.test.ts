import { date, dateTime, money, number, officeMoment, time } from "./format";

describe("format", () => {
  it("writes money as the Office does", () => {
    expect(money(1_500_000)).toBe("1.500.000 ₫");
    expect(money(0)).toBe("0 ₫");
    expect(money(-25_000)).toBe("-25.000 ₫");
    expect(money(null)).toBe("—");
  });

  it("writes numbers with Vietnamese separators", () => {
    expect(number(1234.5)).toBe("1.234,5");
    expect(number(84300, 0)).toBe("84.300");
  });

  it("writes dates dd/MM/yyyy and 24-hour times in Asia/Ho_Chi_Minh", () => {
    expect(date("2026-12-04")).toBe("04/12/2026");
    // 17:30 UTC is half past midnight the next day in Hanoi
    expect(date("2026-12-04T17:30:00Z")).toBe("05/12/2026");
    expect(dateTime("2026-12-04T07:05:00Z")).toBe("04/12/2026 14:05");
    expect(time("2026-12-04T13:00:00+00:00")).toBe("20:00");
  });

  it("makes an office moment with its +07:00 offset", () => {
    expect(officeMoment("2026-12-20", "08:00")).toBe("2026-12-20T08:00:00+07:00");
  });
});
