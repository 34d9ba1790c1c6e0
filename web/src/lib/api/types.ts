// Types of the one API client, derived from the generated `paths` only (never from schema names,
// which the services rename freely).
import type { paths } from "./schema";
import type { PendingPaths } from "./pending";

export type ApiPaths = paths & Omit<PendingPaths, keyof paths>;

type Method = "get" | "post" | "patch" | "delete";
type Op<P extends keyof ApiPaths, M extends Method> = M extends keyof ApiPaths[P] ? ApiPaths[P][M] : never;
type JsonOf<R> = R extends { content: { "application/json": infer T } } ? T : never;

/** The JSON body of an operation's success answer (200 or 201). */
export type ResponseOf<P extends keyof ApiPaths, M extends Method = "get"> =
  Op<P, M> extends { responses: infer R }
    ? R extends { 200: infer A } ? JsonOf<A> : R extends { 201: infer B } ? JsonOf<B> : never
    : never;

/** The JSON request body of an operation. */
export type BodyOf<P extends keyof ApiPaths, M extends Method = "post"> =
  Op<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

/** The query parameters of an operation. */
export type QueryOf<P extends keyof ApiPaths, M extends Method = "get"> =
  Op<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** One item of a list answer ({items: [...]}). */
export type ItemOf<P extends keyof ApiPaths> = ResponseOf<P> extends { items: (infer I)[] } ? I : never;
