import { Result } from "antd";
import { Suspense } from "react";
import { Navigate, useLocation } from "react-router";
import { Loading } from "@/components/Page";
import type { DeskPage } from "@/lib/desk";
import { mayOpen } from "@/lib/desk";
import { useMe } from "@/lib/session";
import { homeOf } from "./desks";

/** A page the user's roles allow, else "không tìm thấy" (the server refuses it anyway). */
export function Guard({ page }: { page: DeskPage }) {
  const me = useMe();
  if (!mayOpen(page, me)) return <NotFoundPage />;
  const Component = page.component;
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

export function Home() {
  return <Navigate to={homeOf(useMe())} replace />;
}

export function NotFoundPage() {
  return <Result status="404" title="Không tìm thấy" subTitle="Trang hoặc hồ sơ này không có, hoặc đồng chí không có quyền xem." />;
}

export function RedirectToLogin() {
  const location = useLocation();
  return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
}
