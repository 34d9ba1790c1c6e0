import { Spin, Typography } from "antd";
import type { ReactNode } from "react";

/** A page's title (the one h1) and its content. */
export function Page({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <section>
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>{title}</Typography.Title>
        {extra}
      </div>
      {children}
    </section>
  );
}

export function Loading() {
  return <div style={{ padding: 48, textAlign: "center" }}><Spin aria-label="Đang tải" /></div>;
}
