import { homeOf, pagesFor } from "./desks";

const me = (roles: string[], extra: Partial<{ unit: string; staff_id: number }> = {}) =>
  ({ username: "u", roles, unit: "BTC", staff_id: 3, ...extra });

describe("desks", () => {
  it("builds the menu from the pages the roles allow", () => {
    const staff = pagesFor(me(["staff"])).filter((p) => p.menu).map((p) => p.path);
    expect(staff).toContain("de-nghi");
    expect(staff).not.toContain("viec-can-xu-ly");
    expect(staff).not.toContain("xe/dieu-xe");
    const fleet = pagesFor(me(["office_fleet"], { unit: "VP" })).map((p) => p.path);
    expect(fleet).toEqual(expect.arrayContaining(["xe/dieu-xe", "xe/bao-duong", "xe/hieu-suat", "viec-can-xu-ly"]));
  });

  it("lands each role on its main page", () => {
    expect(homeOf(me(["staff"]))).toBe("/de-nghi");
    expect(homeOf(me(["unit_head"]))).toBe("/viec-can-xu-ly");
    expect(homeOf(me(["office_fleet"], { unit: "VP" }))).toBe("/xe/dieu-xe");
    expect(homeOf(me(["staff", "office_fleet"], { unit: "VP" }))).toBe("/xe/dieu-xe");
    expect(homeOf(me(["staff", "unit_head"]))).toBe("/viec-can-xu-ly");
  });
});
