import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ConfigProvider } from "antd";
import viVN from "antd/locale/vi_VN";
import { Suspense, lazy } from "react";
import { RouterProvider, createBrowserRouter } from "react-router";
import { Loading } from "@/components/Page";
import { onSessionExpired, setCsrfToken } from "@/lib/api/client";
import { isProblem } from "@/lib/api/problem";
import "@/lib/format";

// The login page and the logged-in shell are separate chunks: the login page loads neither the
// menu, the desks nor any page.
const LoginPage = lazy(() => import("@/features/auth/routes/LoginPage"));
const Shell = lazy(() => import("./Shell"));

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => !(isProblem(error) && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const router = createBrowserRouter([
  { path: "/login", element: <Suspense fallback={<Loading />}><LoginPage /></Suspense> },
  { path: "/*", element: <Suspense fallback={<Loading />}><Shell /></Suspense> },
]);

/** The session ended under the user's feet: forget everything, log in again, come back here. */
onSessionExpired(() => {
  setCsrfToken(null);
  queryClient.clear();
  const { pathname, search } = window.location;
  if (pathname !== "/login") void router.navigate(`/login?next=${encodeURIComponent(pathname + search)}`);
});

export function App() {
  return (
    <ConfigProvider
      locale={viVN}
      theme={{
        token: {
          colorPrimary: "#a8071a", borderRadius: 6, fontFamily: "'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif",
          // darker than Ant Design's defaults so secondary text meets WCAG AA contrast (axe: color-contrast)
          colorTextSecondary: "#595959", colorTextDescription: "#595959", colorTextPlaceholder: "#707070",
          colorTextTertiary: "#595959", colorTextQuaternary: "#666666", colorError: "#cf1322", colorWarning: "#ad6800",
          // links (Typography.Link, <a>, link buttons): 6.2:1 on white, where the default #1677ff gives 4.1:1
          colorLink: "#0958d9", colorLinkHover: "#003eb3", colorLinkActive: "#002c8c",
        },
      }}
    >
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ConfigProvider>
  );
}
