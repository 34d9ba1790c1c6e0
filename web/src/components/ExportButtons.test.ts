import { describe, expect, it } from "vitest";
import { exportUrl } from "./ExportButtons";

describe("exportUrl", () => {
  it("asks the list's file with the page's filters, leaving out the empty ones", () => {
    expect(exportUrl("/api/v1/finance/ledger", "csv", { unit: "BTC", category: undefined, date_from: "2026-01-01", q: "" } as never))
      .toBe("/api/v1/finance/ledger.csv?unit=BTC&date_from=2026-01-01");
    expect(exportUrl("/api/v1/assets/items/export", "xlsx")).toBe("/api/v1/assets/items/export.xlsx");
  });
});
