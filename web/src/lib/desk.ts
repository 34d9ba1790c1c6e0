// A desk is a feature folder's pages: `src/features/<name>/desk.tsx` default-exports one `Desk`.
// The app finds every desk by itself (import.meta.glob), builds the routes and the menu from the
// pages the user's roles allow, so a new desk is a folder added without touching the others.
import type { ComponentType, LazyExoticComponent, ReactNode } from "react";
import type { Me, Role } from "@/lib/session";

export type DeskPage = {
  /** the route path under "/", e.g. "fleet/dispatch" or "requests/:kind/:id" */
  path: string;
  /** the menu label and page title, in Vietnamese */
  title: string;
  icon?: ReactNode;
  /** who may open it: roles, or a predicate on the user; absent = everyone logged in */
  roles?: Role[];
  allow?: (me: Me) => boolean;
  /** listed in the menu (detail pages are not) */
  menu?: boolean;
  /** position in the menu, smaller first */
  order?: number;
  /** the landing page for these roles (the first that matches wins, by `order`) */
  homeFor?: Role[];
  component: LazyExoticComponent<ComponentType>;
};

export type Desk = { name: string; pages: DeskPage[] };

export function mayOpen(page: DeskPage, me: Me): boolean {
  if (page.allow && !page.allow(me)) return false;
  return !page.roles || me.roles.some((r) => (page.roles as string[]).includes(r));
}
