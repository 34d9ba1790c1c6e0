// Every desk of the console: each `src/features/<name>/desk.tsx` found at build time.
import type { Desk, DeskPage } from "@/lib/desk";
import { mayOpen } from "@/lib/desk";
import type { Me } from "@/lib/session";

const modules = import.meta.glob<{ default: Desk }>("../features/*/desk.tsx", { eager: true });

export const DESKS: Desk[] = Object.values(modules).map((m) => m.default);
export const PAGES: DeskPage[] = DESKS.flatMap((d) => d.pages).sort((a, b) => (a.order ?? 100) - (b.order ?? 100));

/** The pages `me` may open, in menu order. */
export function pagesFor(me: Me): DeskPage[] {
  return PAGES.filter((p) => mayOpen(p, me));
}

/** Where `me` lands after logging in. */
export function homeOf(me: Me): string {
  const pages = pagesFor(me);
  const home = pages.find((p) => p.homeFor?.some((r) => me.roles.includes(r))) ?? pages.find((p) => p.menu);
  return home ? `/${home.path}` : "/tai-khoan";
}
