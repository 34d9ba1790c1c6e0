// The caller's inbox (everything awaiting their decision), shared by the header's badge and the inbox page.
import { api, unwrap } from "@/lib/api/client";
import type { ResponseOf } from "@/lib/api/types";

export type Inbox = ResponseOf<"/api/v1/inbox">;
export type InboxEntry = Inbox["items"][number];

export const INBOX_KEY = ["inbox"] as const;

export const inboxQuery = {
  queryKey: INBOX_KEY,
  queryFn: (): Promise<Inbox> => unwrap(api.GET("/api/v1/inbox")),
  refetchInterval: 60_000,
};

// How many things await the caller: the counts, since the inbox lists only the oldest (issue 16).
export function waitingCount(inbox: Inbox | undefined): number {
  return Object.values(inbox?.counts ?? {}).reduce((sum, n) => sum + n, 0);
}
