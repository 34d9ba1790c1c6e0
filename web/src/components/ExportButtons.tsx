import { DownloadOutlined } from "@ant-design/icons";
import { Button, Space } from "antd";
import type { ApiPaths, QueryOf } from "@/lib/api/types";

/** A list that its service also gives as a file: `<base>.csv` and `<base>.xlsx` both exist in the API. */
export type Exportable = {
  [P in keyof ApiPaths]: P extends `${infer Base}.csv` ? (`${Base}.xlsx` extends keyof ApiPaths ? Base : never) : never;
}[keyof ApiPaths];

type FileQuery<B extends Exportable> = `${B}.csv` extends keyof ApiPaths ? QueryOf<`${B}.csv`> : never;

/** The address of one of the files with the page's filters (the browser sends the session cookie). */
export function exportUrl<B extends Exportable>(base: B, kind: "csv" | "xlsx", query: Partial<FileQuery<B>> = {}): string {
  const pairs = Object.entries(query as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => [k, String(v)]);
  const search = new URLSearchParams(pairs).toString();
  return `${base}.${kind}${search ? `?${search}` : ""}`;
}

/** "Tải CSV" and "Tải Excel" for a table: the service writes the file with the same filters as the page. */
export function ExportButtons<B extends Exportable>({ base, query, size }: { base: B; query?: Partial<FileQuery<B>>; size?: "small" }) {
  return (
    <Space.Compact size={size}>
      <Button icon={<DownloadOutlined />} href={exportUrl(base, "csv", query)}>Tải CSV</Button>
      <Button icon={<DownloadOutlined />} href={exportUrl(base, "xlsx", query)}>Tải Excel</Button>
    </Space.Compact>
  );
}
