// Every desk of the console: each `src/features/<name>/desk.tsx` found at build time.
import type { Desk, DeskPage } from "@/lib/desk";
import { mayOpen } from "@/lib/desk";
import type { Me, Role } from "@/lib/session";

const modules = import.meta.glob<{ default: Desk }>("../features/*/desk.tsx", { eager: true });

export const DESKS: Desk[] = Object.values(modules).map((m) => m.default);
export const PAGES: DeskPage[] = DESKS.flatMap((d) => d.pages).sort((a, b) => (a.order ?? 100) - (b.order ?? 100));

/** The pages `me` may open, in menu order. */
export function pagesFor(me: Me): DeskPage[] {
  return PAGES.filter((p) => mayOpen(p, me));
}

// a user with several roles lands on the page of the most specific one (a dispatcher who is also staff: the board)
const LANDING_ORDER: Role[] = ["office_fleet", "office_finance", "office_assets", "office_hr", "unit_head", "leadership",
  "auditor", "admin", "staff"];

/** Where `me` lands after logging in. */
export function homeOf(me: Me): string {
  const pages = pagesFor(me);
  const role = LANDING_ORDER.find((r) => me.roles.includes(r) && pages.some((p) => p.homeFor?.includes(r)));
  const home = (role && pages.find((p) => p.homeFor?.includes(role))) ?? pages.find((p) => p.menu);
  return home ? `/${home.path}` : "/tai-khoan";
}
