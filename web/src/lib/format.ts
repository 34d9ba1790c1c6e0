// Money, dates and times as the Office writes them: 1.500.000 ₫, dd/MM/yyyy, 24-hour in Asia/Ho_Chi_Minh.
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import "dayjs/locale/vi";

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale("vi");

export const OFFICE_TZ = "Asia/Ho_Chi_Minh";
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** 1500000 -> "1.500.000 ₫" (integer VND, dots between thousands). */
export function money(vnd: number | null | undefined): string {
  if (vnd === null || vnd === undefined || Number.isNaN(vnd)) return "—";
  const sign = vnd < 0 ? "-" : "";
  const digits = Math.round(Math.abs(vnd)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${sign}${digits} ₫`;
}

/** A number with Vietnamese separators: 1234.5 -> "1.234,5". */
export function number(value: number | null | undefined, fraction = 1): string {
  if (value === null || value === undefined) return "—";
  const [whole, part] = Math.abs(value).toFixed(fraction).split(".");
  const text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".") + (part && /[1-9]/.test(part) ? `,${part.replace(/0+$/, "")}` : "");
  return (value < 0 ? "-" : "") + text;
}

/** "2026-12-04" or a moment -> "04/12/2026" (the office's calendar day). */
export function date(value: string | null | undefined): string {
  if (!value) return "—";
  if (DATE_ONLY.test(value)) return dayjs(value).format("DD/MM/YYYY");
  return dayjs(value).tz(OFFICE_TZ).format("DD/MM/YYYY");
}

/** A moment -> "04/12/2026 14:30" in the office's time zone. */
export function dateTime(value: string | null | undefined): string {
  if (!value) return "—";
  return dayjs(value).tz(OFFICE_TZ).format("DD/MM/YYYY HH:mm");
}

/** A moment -> "14:30" in the office's time zone. */
export function time(value: string | null | undefined): string {
  if (!value) return "—";
  return dayjs(value).tz(OFFICE_TZ).format("HH:mm");
}

/** Today's date in the office, "YYYY-MM-DD". */
export function officeToday(): string {
  return dayjs().tz(OFFICE_TZ).format("YYYY-MM-DD");
}

/** A local date and "HH:mm" in the office -> ISO 8601 with its +07:00 offset. */
export function officeMoment(day: string, hhmm: string): string {
  return dayjs.tz(`${day} ${hhmm}`, "YYYY-MM-DD HH:mm", OFFICE_TZ).format();
}

export { dayjs };
