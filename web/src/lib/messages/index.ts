// The one message catalogue (vi.json): problem sentences, statuses, categories, kinds, roles.
import type { ProblemDocument } from "@/lib/api/problem";
import { date, dateTime, money, number } from "@/lib/format";
import catalogue from "./vi.json";

type Figures = Record<string, unknown>;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function figure(name: string, value: unknown): string {
  if (typeof value === "number") return name.endsWith("_vnd") ? money(value) : number(value);
  if (typeof value === "string") {
    if (DATE_ONLY.test(value)) return date(value);
    if (MOMENT.test(value)) return dateTime(value);
    if (name === "per") return label("per", value);
    if (name === "current_status") return statusLabel(value);
    return value;
  }
  return String(value);
}

/** Fill `{name}` from the figures; a `[...]` part is dropped when a figure it names is missing. */
export function fill(template: string, figures: Figures): string {
  const has = (name: string) => figures[name] !== undefined && figures[name] !== null;
  const optional = template.replace(/\[([^\]]*)\]/g, (_, part: string) => {
    const names = [...part.matchAll(/\{([a-z_0-9]+)\}/g)].map((m) => m[1]);
    return names.every(has) ? part : "";
  });
  return optional.replace(/\{([a-z_0-9]+)\}/g, (_, name: string) => (has(name) ? figure(name, figures[name]) : "?"));
}

function label(group: "status" | "categories" | "kinds" | "roles" | "per", code: string): string {
  const table = catalogue[group] as Record<string, string>;
  return table[code] ?? code;
}

export const statusLabel = (code: string) => label("status", code);
export const categoryLabel = (code: string) => label("categories", code);
export const kindLabel = (code: string) => label("kinds", code);
export const roleLabel = (code: string) => label("roles", code);
export const categories = Object.keys(catalogue.categories);

/** The Vietnamese sentence of one rule code with its figures (a fleet conflict, an HR violation...). */
export function ruleMessage(rule: string, figures: Figures = {}): string | undefined {
  const template = (catalogue.problems.rules as Record<string, string>)[rule];
  return template === undefined ? undefined : fill(template, figures);
}

/** The Vietnamese sentence of a problem document: its rule if it names one, else its type. */
export function problemMessage(problem: ProblemDocument | undefined): string {
  const types = catalogue.problems.types as Record<string, string>;
  if (!problem) return types["about:blank"];
  if (problem.rule) {
    const sentence = ruleMessage(problem.rule, problem);
    if (sentence) return sentence;
  }
  const key = problem.type === "about:blank" || !problem.type ? "about:blank" : problem.type.split("/").pop()!;
  return fill(types[key] ?? types[statusKey(problem.status)] ?? types["about:blank"], problem);
}

function statusKey(status: number | undefined): string {
  const byStatus: Record<number, string> = {
    400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found", 409: "conflict",
    413: "content-too-large", 422: "unprocessable-content", 429: "too-many-requests", 502: "bad-gateway",
    503: "service-unavailable", 504: "gateway-timeout",
  };
  return byStatus[status ?? 0] ?? "about:blank";
}
