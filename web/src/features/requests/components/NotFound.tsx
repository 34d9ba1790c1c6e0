import { Result } from "antd";

export function NotFound() {
  return <Result status="404" title="Không tìm thấy" subTitle="Hồ sơ này không có, hoặc đồng chí không có quyền xem." />;
}
