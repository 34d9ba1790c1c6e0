import { number } from "@/lib/format";

const NOWRAP = { whiteSpace: "nowrap" } as const;

/** A distance that never wraps ("251.300 km" stays on one line), as Money does for amounts. */
export function Km({ km }: { km: number | null | undefined }) {
  return <span style={NOWRAP}>{km == null ? "—" : `${number(km, 0)} km`}</span>;
}

/** The odometer column's header on one line: a browser breaks "Công-tơ-mét" at its hyphens. */
export function OdometerTitle() {
  return <span style={NOWRAP}>Công-tơ-mét</span>;
}
