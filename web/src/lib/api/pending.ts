// Routes the contract ("Client apps and paperwork") fixes that the gateway's OpenAPI document does
// not describe yet. `ApiPaths` (types.ts) takes an entry from here only while the generated
// `paths` lacks it, so each one disappears by itself once `npm run gen:api` brings the real one.
type Json<T> = { content: { "application/json": T } };
type Me = { username: string; staff_id?: number | null; unit?: string | null; roles: string[] };
type InboxItem = {
  service: string;
  kind: string;
  id: number;
  unit: string | null;
  title: string;
  amount_vnd: number | null;
  requested_by: string;
  requested_at: string;
  actions: string[];
};

export interface PendingPaths {
  "/api/v1/auth/session": {
    post: {
      requestBody: Json<{ username: string; password: string }>;
      responses: { 200: Json<{ me: Me; csrf_token: string }> };
    };
    delete: { responses: { 204: { content?: never } } };
  };
  "/api/v1/auth/password": {
    post: {
      requestBody: Json<{ current_password: string; new_password: string }>;
      responses: { 204: { content?: never }; 200: Json<unknown> };
    };
  };
  "/api/v1/inbox": {
    get: {
      responses: {
        200: Json<{ items: InboxItem[]; counts: Record<string, number>; unavailable: string[] }>;
      };
    };
  };
}
