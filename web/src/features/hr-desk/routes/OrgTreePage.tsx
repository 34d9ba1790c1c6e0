import { useQuery } from "@tanstack/react-query";
import { Card, DatePicker, Space, Tree, type TreeDataNode } from "antd";
import { Page } from "@/components/Page";
import { ProblemAlert } from "@/components/ProblemAlert";
import { dayjs } from "@/lib/format";
import { hrKeys, listUnits, type Unit } from "../api/hr";
import { UNIT_KINDS } from "../labels";
import { useAsOf } from "../components/useAsOf";

/** The units in force on a day as a tree (each under its parent). */
export function unitTree(units: Unit[]): TreeDataNode[] {
  const codes = new Set(units.map((u) => u.code));
  const node = (u: Unit): TreeDataNode => ({
    key: String(u.code),
    title: `${u.code} - ${u.name} (${UNIT_KINDS[u.kind ?? ""] ?? u.kind})`,
    children: units.filter((c) => c.parent_code === u.code).map(node),
  });
  return units.filter((u) => !u.parent_code || !codes.has(u.parent_code)).map(node);
}

export default function OrgTreePage() {
  const [asOf, setAsOf] = useAsOf();
  const units = useQuery({ queryKey: hrKeys.units(asOf), queryFn: () => listUnits(asOf) });
  const tree = unitTree(units.data ?? []);
  return (
    <Page
      title="Sơ đồ tổ chức"
      extra={
        <Space>
          <label htmlFor="tree-as-of">Tại ngày</label>
          <DatePicker id="tree-as-of" format="DD/MM/YYYY" allowClear={false} value={dayjs(asOf)} onChange={(d) => d && setAsOf(d.format("YYYY-MM-DD"))} />
        </Space>
      }
    >
      {units.error && <ProblemAlert error={units.error} />}
      <Card loading={units.isPending}>
        <Tree key={`${asOf}.${tree.length}`} treeData={tree} defaultExpandAll selectable={false} aria-label="Sơ đồ tổ chức" />
      </Card>
    </Page>
  );
}
