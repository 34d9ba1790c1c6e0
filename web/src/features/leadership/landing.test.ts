import { homeOf, pagesFor } from "@/app/desks";

const me = (roles: string[], unit = "VP") => ({ username: "u", roles, unit, staff_id: 3 });

describe("the Office's desks in the menu", () => {
  it("lands each Office specialist, who is also staff, on their desk", () => {
    expect(homeOf(me(["office_finance", "staff"]))).toBe("/tai-chinh/du-toan");
    expect(homeOf(me(["office_hr", "staff"]))).toBe("/to-chuc/bien-che");
    expect(homeOf(me(["office_assets", "staff"]))).toBe("/tai-san/so-dang-ky");
    expect(homeOf(me(["auditor"], "UBKT"))).toBe("/kiem-tra/nhat-ky");
    expect(homeOf(me(["admin"]))).toBe("/quan-tri/nguoi-dung");
  });

  it("shows the leadership the dashboard and every desk, and a board's staff none of them", () => {
    const leader = pagesFor(me(["leadership"], "TU")).map((p) => p.path);
    expect(leader).toEqual(expect.arrayContaining(["lanh-dao/tong-quan", "tai-chinh/du-toan", "to-chuc/de-an", "tai-san/kiem-ke"]));
    expect(leader).not.toContain("quan-tri/nguoi-dung");
    const staff = pagesFor(me(["staff"], "BTC")).map((p) => p.path);
    for (const path of ["lanh-dao/tong-quan", "tai-chinh/du-toan", "to-chuc/bien-che", "tai-san/so-dang-ky", "kiem-tra/nhat-ky"]) {
      expect(staff).not.toContain(path);
    }
  });
});
