"""Users for every role and records of three boards, made through the gateway for the security tests.

Every principal of the matrix is a user of its own (`sec.<role>`) whose home unit is `OWN`, so
the three scopes are the same three units for everyone: the caller's board (`OWN`), another
board (`OTHER`) and the Office (`OFFICE`). The records are made by the demo users who would
make them (a board's specialist books a car; the Office's asset specialist opens a stock-take),
so no principal of the matrix is the requester of a record it acts on.
"""
from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from harness import Client, Platform, eventually
from role_table import ALL_ROLES, NO_ROLE

OWN, OTHER, OFFICE = "BTC", "BTGDV", "VP"
UNITS = {"own": OWN, "other": OTHER, "office": OFFICE}
# the demo's specialists (plain staff) of each unit
REQUESTER = {OWN: "chuyenvien.btc", OTHER: "chuyenvien.btgdv", OFFICE: "laixe.hung"}
PASSWORD = "sec-pass-2026"
DEMO_USERS = ("admin", "bithu", "phobithu", "chanhvp", "ketoan.vp", "tochuc.vp", "taisan.vp", "doixe.vp", "laixe.hung",
              "truongban.btc", "truongban.btgdv", "chuyenvien.btc", "chuyenvien.btgdv", "chuyenvien.bnc", "kiemtra.ubkt")
MISSING_ID = "999999999"
# A one-page PDF: what an attachment cell uploads (the type is read from the content).
SMALL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
             b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
# Who attaches the run's file to a record (else the record's requester): who made or keeps it.
UPLOADERS = {"/api/v1/assets/repairs": "taisan.vp", "/api/v1/assets/disposals": "taisan.vp",
             "/api/v1/fleet/maintenance/records": "doixe.vp", "/api/v1/hr/restructurings": "tochuc.vp"}
YEAR = dt.date.today().year


def ok(resp, *codes: int) -> dict:
    assert resp.status_code in (codes or (200,)), f"{resp.request.method} {resp.request.url}: {resp.status_code} {resp.text[:500]}"
    return resp.json() if resp.content else {}


def username_for(principal: str) -> str:
    return f"sec.{principal.replace('_', '-')}"


class World:
    """The security tests' users and records on one platform."""

    def __init__(self, platform: Platform):
        self.platform = platform
        self.tag = uuid.uuid4().hex[:4].upper()
        self.clients: dict[str, Client] = {}
        # (resource, scope) -> id; resource is the path up to its parameter
        self.records: dict[tuple[str, str], str] = {}
        self.absent: set[tuple[str, str]] = set()
        # (resource, scope) -> id of the file attached to that record (attach_files)
        self.attachments: dict[tuple[str, str], str] = {}

    def demo(self, username: str) -> Client:
        return self.platform.client(username)

    def client(self, principal: str) -> Client:
        return self.clients[principal]

    # -- users ---------------------------------------------------------------------------------
    def make_users(self) -> None:
        for username in DEMO_USERS:  # logged in once, before any test sends wrong passwords
            self.platform.token(username)
        admin = self.demo("admin")
        for principal in ALL_ROLES + (NO_ROLE,):
            roles = [principal] if principal != NO_ROLE else ["staff"]
            body = {"username": username_for(principal), "password": PASSWORD, "unit": OWN, "roles": roles}
            ok(admin.post("/admin/users", body), 201, 409)
        self._strip_roles(username_for(NO_ROLE))
        for principal in ALL_ROLES + (NO_ROLE,):
            self.clients[principal] = Client(self.platform.gateway,
                                             self.platform.token(username_for(principal), PASSWORD))

    def _strip_roles(self, username: str) -> None:
        """A user with no role at all: the admin API refuses to make one, so set it in the
        gateway's own database (as a failed HR sync or a hand edit could leave it)."""
        engine = sa.create_engine(self.platform.db_urls["gateway"])
        try:
            with engine.begin() as conn:
                conn.execute(sa.text("UPDATE users SET roles = :roles WHERE username = :u"),
                             {"roles": "[]", "u": username})
        finally:
            engine.dispose()

    # -- records -------------------------------------------------------------------------------
    def first_id(self, client: Client, path: str, unit: str | None, key: str = "id", index: int = 0) -> str | None:
        params = {"limit": 200}
        if unit:
            params["unit"] = unit
        items = ok(client.get(path, params=params))["items"]
        if unit:
            items = [i for i in items if i.get("unit") in (None, unit)]
        return str(items[index][key]) if len(items) > index else None

    def put(self, resource: str, scope: str, value) -> None:
        if value is None:
            self.absent.add((resource, scope))
        else:
            self.records[(resource, scope)] = str(value)

    def make_records(self) -> None:
        auditor = self.demo("kiemtra.ubkt")
        taisan, ketoan, doixe, tochuc = (self.demo(u) for u in ("taisan.vp", "ketoan.vp", "doixe.vp", "tochuc.vp"))
        today = dt.date.today().isoformat()
        for scope, unit in UNITS.items():
            requester = self.demo(REQUESTER[unit])
            me = ok(requester.get("/auth/me"))
            # assets: three items of the unit (one for the item's own routes, one repaired, one disposed)
            items = [i for i in ok(auditor.get("/assets/items", params={"unit": unit, "limit": 200}))["items"]
                     if i["status"] == "in_use" and not i.get("is_vehicle")]
            self.put("/api/v1/assets/items", scope, items[0]["id"])
            repair = ok(taisan.post(f"/assets/items/{items[1]['id']}/repairs",
                                    {"description": "Sửa chữa thử phân quyền", "estimated_cost_vnd": 100_000}), 201)
            self.put("/api/v1/assets/repairs", scope, repair["id"])
            disposal = ok(taisan.post(f"/assets/items/{items[2]['id']}/dispose", {"reason": "Thanh lý thử phân quyền"}), 201)
            self.put("/api/v1/assets/disposals", scope, disposal["id"])
            line = {"category": "other_machinery", "description": "Máy hủy tài liệu", "quantity": 1, "unit_price_vnd": 1_000_000}
            procurement = ok(requester.post("/assets/procurements", {"lines": [line]}), 201)
            self.put("/api/v1/assets/procurements", scope, procurement["id"])
            stocktake = ok(taisan.post("/assets/stocktakes", {"title": "Kiểm kê thử", "units": [unit], "as_of": today}), 201)
            self.put("/api/v1/assets/stocktakes", scope, stocktake["id"])
            # finance
            self.put("/api/v1/finance/budgets", scope, self.first_id(auditor, "/finance/budgets", unit))
            self.put("/api/v1/finance/ledger", scope, self.first_id(auditor, "/finance/ledger", unit))
            supplement = ok(ketoan.post("/finance/budgets/supplements", {
                "fiscal_year": YEAR, "unit": unit, "category": "stationery", "amount_vnd": 1_000, "reason": "Bổ sung thử"}), 201)
            self.put("/api/v1/finance/budgets/supplements", scope, supplement["id"])
            transfer = ok(ketoan.post("/finance/budgets/transfers", {
                "fiscal_year": YEAR, "category": "stationery", "from_unit": unit, "to_unit": "UBKT",
                "amount_vnd": 1_000, "reason": "Điều chuyển thử"}), 201)
            self.put("/api/v1/finance/budgets/transfers", scope, transfer["id"])
            expense = ok(requester.post("/finance/expenses", {
                "category": "stationery", "amount_vnd": 50_000, "beneficiary_staff_id": me["staff_id"],
                "date": f"{YEAR}-06-15", "description": "Văn phòng phẩm thử"}), 201)
            self.put("/api/v1/finance/expenses", scope, expense["id"])
            # a submitted procurement is reserved by finance through the events
            reserved = ok(requester.post("/assets/procurements", {"lines": [line]}), 201)
            ok(requester.post(f"/assets/procurements/{reserved['id']}/submit"), 200, 202)
            # fleet
            start = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).replace(microsecond=0) + dt.timedelta(days=30)
            booking = ok(requester.post("/fleet/bookings", {
                "purpose": "Công tác thử phân quyền", "destination": "Huyện Đông Anh", "passengers": 2,
                "start_at": start.isoformat(), "end_at": (start + dt.timedelta(hours=4)).isoformat()}), 201)
            self.put("/api/v1/fleet/bookings", scope, booking["id"])
            # hr
            self.put("/api/v1/hr/staff", scope, me["staff_id"])
        for scope, unit in UNITS.items():
            found = eventually(lambda: self.first_id(auditor, "/finance/reservations", unit), timeout=30, interval=0.5)
            self.put("/api/v1/finance/reservations", scope, found)
            self.put("/api/v1/finance/chargebacks", scope, self.first_id(auditor, "/finance/chargebacks", unit))
        # shared records: one each
        any_ = "any"
        self.put("/api/v1/admin/users", any_, REQUESTER[OTHER])
        self.put("/api/v1/assets/categories", any_, "computer")
        self.put("/api/v1/assets/standards", any_, self.first_id(auditor, "/assets/standards", None))
        self.put("/api/v1/assets/wear-runs", any_, self.first_id(auditor, "/assets/wear-runs", None, key="fiscal_year"))
        self.put("/api/v1/finance/regulations", any_, self.first_id(auditor, "/finance/regulations", None))
        vehicle = self.first_id(auditor, "/fleet/vehicles", None)
        self.put("/api/v1/fleet/vehicles", any_, vehicle)
        self.put("/api/v1/fleet/drivers", "office", self.first_id(auditor, "/fleet/drivers", None, key="staff_id"))
        self.put("/api/v1/fleet/maintenance/plans", any_, self.first_id(auditor, "/fleet/maintenance/plans", None))
        record = ok(doixe.post("/fleet/maintenance/records", {
            "vehicle_id": int(vehicle), "description": "Bảo dưỡng thử", "start_on": (dt.date.today() + dt.timedelta(days=60)).isoformat()}), 201)
        self.put("/api/v1/fleet/maintenance/records", any_, record["id"])
        # a department of the caller's board that the matrix may dissolve or rename
        code = f"SEC{self.tag}"
        ok(tochuc.post("/hr/units", {"code": code, "name": f"Phòng thử phân quyền {self.tag}", "kind": "department",
                                     "parent_code": OWN}), 201)
        self.put("/api/v1/hr/units", any_, code)
        self.put("/api/v1/hr/positions", any_, self.first_id(auditor, "/hr/positions", OWN))
        self.put("/api/v1/hr/rules", any_, self.first_id(auditor, "/hr/rules", None, key="code"))
        plan = ok(tochuc.post("/hr/restructurings", {
            "title": "Đề án thử phân quyền", "effective_date": today,
            "steps": [{"op": "rename_unit", "code": code, "name": f"Phòng thử phân quyền {self.tag} (đổi tên)"}]}), 201)
        self.put("/api/v1/hr/restructurings", any_, plan["id"])

    def upload(self, client: Client, record_path: str):
        """POST a small PDF to `record_path`/attachments (a path after the gateway's address)."""
        return client.session.post(f"{self.platform.gateway}{record_path}/attachments", timeout=30,
                                   files={"file": ("biên bản.pdf", SMALL_PDF, "application/pdf")})

    def attach_files(self, resources: set[str]) -> None:
        """One file on each record of `resources` ("/api/v1/finance/expenses") that takes files,
        added by who would add it; `<record>/attachments/{}` cells read it."""
        for (resource, scope), record in list(self.records.items()):
            if resource in resources:
                unit = UNITS.get(scope, OFFICE)
                client = self.demo(UPLOADERS.get(resource) or REQUESTER[unit])
                added = ok(self.upload(client, f"{resource}/{record}"), 201)
                self.attachments[(resource, scope)] = str(added["id"])

    def record_for(self, path: str, scope: str) -> str | None:
        """The id to put in `path` ("/api/v1/assets/items/{}/history") for `scope`, MISSING_ID when
        the demo has no such record, None when the path has no parameter."""
        if "{}" not in path:
            return None
        resource = path.split("/{}", 1)[0]
        value = self.records.get((resource, scope))
        return value if value is not None else MISSING_ID

    def path_for(self, path: str, scope: str) -> str:
        """`path` with its parameters filled for `scope`: the record's id, and for
        `<record>/attachments/{}` the id of the file attached to it (MISSING_ID when none)."""
        record = self.record_for(path, scope)
        if record is None:
            return path
        filled = path.replace("{}", record, 1)
        if "{}" in filled:
            resource = path.split("/{}", 1)[0]
            filled = filled.replace("{}", self.attachments.get((resource, scope), MISSING_ID))
        return filled
