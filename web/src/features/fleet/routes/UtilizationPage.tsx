import { useQuery } from "@tanstack/react-query";
import { Card, Col, DatePicker, Row, Statistic } from "antd";
import { useState } from "react";
import { EChart, type ChartOption } from "@/components/EChart";
import { Money } from "@/components/Money";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { dayjs, number, officeToday } from "@/lib/format";
import { utilization } from "../api/fleet";

function bars(names: string[], km: number[], hours: number[]): ChartOption {
  return {
    tooltip: { trigger: "axis" },
    legend: { data: ["Số km", "Số giờ"] },
    grid: { left: 48, right: 48, bottom: 72, top: 36 },
    xAxis: { type: "category", data: names, axisLabel: { rotate: 40 } },
    yAxis: [{ type: "value", name: "km" }, { type: "value", name: "giờ" }],
    series: [
      { name: "Số km", type: "bar", data: km },
      { name: "Số giờ", type: "bar", yAxisIndex: 1, data: hours },
    ],
  };
}

export default function UtilizationPage() {
  const [range, setRange] = useState<[string, string]>([dayjs(officeToday()).startOf("year").format("YYYY-MM-DD"), officeToday()]);
  const use = useQuery({ queryKey: ["fleet", "utilization", ...range], queryFn: () => utilization(...range) });
  const u = use.data;
  const vehicles = u?.vehicles ?? [];
  const drivers = u?.drivers ?? [];
  const units = u?.units ?? [];
  const sum = (pick: (x: (typeof units)[number]) => number | undefined) => units.reduce((s, x) => s + (pick(x) ?? 0), 0);
  const total = { trips: sum((x) => x.trips), km: sum((x) => x.km), cost: sum((x) => x.fuel_cost_vnd) };
  return (
    <Page
      title="Hiệu suất sử dụng xe"
      extra={
        <DatePicker.RangePicker
          format="DD/MM/YYYY"
          value={[dayjs(range[0]), dayjs(range[1])]}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0].format("YYYY-MM-DD"), v[1].format("YYYY-MM-DD")])}
        />
      }
    >
      {use.error && <ProblemAlert error={use.error} />}
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} md={8}><Card><Statistic title="Số chuyến" value={total.trips} /></Card></Col>
        <Col xs={24} md={8}><Card><Statistic title="Tổng quãng đường" value={`${number(total.km, 0)} km`} /></Card></Col>
        <Col xs={24} md={8}><Card><Statistic title="Chi phí nhiên liệu" valueRender={() => <Money vnd={total.cost} />} /></Card></Col>
      </Row>
      <Card title="Theo xe" style={{ marginBottom: 16 }}>
        <EChart label="Biểu đồ sử dụng theo xe" option={bars(vehicles.map((v) => v.plate ?? ""), vehicles.map((v) => v.km ?? 0), vehicles.map((v) => v.hours ?? 0))} />
      </Card>
      <Card title="Theo lái xe" style={{ marginBottom: 16 }}>
        <EChart label="Biểu đồ sử dụng theo lái xe" option={bars(drivers.map((d) => d.full_name ?? ""), drivers.map((d) => d.km ?? 0), drivers.map((d) => d.hours ?? 0))} />
      </Card>
      <Card title="Theo đơn vị">
        <EChart label="Biểu đồ sử dụng theo đơn vị" option={bars(units.map((x) => x.unit ?? ""), units.map((x) => x.km ?? 0), units.map((x) => x.hours ?? 0))} />
      </Card>
    </Page>
  );
}
