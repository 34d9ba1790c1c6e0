import { LaptopOutlined } from "@ant-design/icons";
import { lazy } from "react";
import type { Desk } from "@/lib/desk";

const desk: Desk = {
  name: "assets",
  pages: [
    {
      path: "tai-san-cua-toi", title: "Tài sản tôi đang giữ", icon: <LaptopOutlined />, menu: true, order: 50,
      allow: (me) => !!me.staff_id, component: lazy(() => import("./routes/MyAssetsPage")),
    },
  ],
};
export default desk;
