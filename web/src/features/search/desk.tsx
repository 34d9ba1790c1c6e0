import { SearchOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";

const desk: Desk = {
  name: "search",
  pages: [
    { path: "tim-kiem", title: "Tìm kiếm", icon: <SearchOutlined />, menu: true, order: 80, component: lazy(() => import("./routes/SearchPage")) },
  ],
};
export default desk;
