import { useQuery } from "@tanstack/react-query";
import { Timeline } from "antd";
import { ProblemAlert } from "@/components/ProblemAlert";
import { date, dateTime } from "@/lib/format";
import { assetHistory, assetKeys } from "../api/assets";
import { ASSET_STATUS, HISTORY_KINDS } from "../labels";

/** An asset's history as the register keeps it: moves between units, status changes, with who and why. */
export function AssetHistory({ assetId }: { assetId: number }) {
  const history = useQuery({ queryKey: assetKeys.history(assetId), queryFn: () => assetHistory(assetId) });
  return (
    <>
      {history.error && <ProblemAlert error={history.error} />}
      <Timeline
        items={(history.data ?? []).map((h) => ({
          children: (
            <>
              <strong>{date(h.effective_on)}: {HISTORY_KINDS[h.kind ?? ""] ?? h.kind}</strong>
              {h.from_unit !== h.to_unit && h.to_unit && <div>{h.from_unit ?? "—"} → {h.to_unit}</div>}
              {h.to_status && h.from_status !== h.to_status && <div>{ASSET_STATUS[h.from_status ?? ""] ?? "—"} → {ASSET_STATUS[h.to_status] ?? h.to_status}</div>}
              {h.reason && <div>{h.reason}</div>}
              <small>{h.actor}, {dateTime(h.recorded_at)}</small>
            </>
          ),
        }))}
      />
    </>
  );
}
