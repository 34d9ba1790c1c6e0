"""The demo organisation that `make run` seeds, shared by every service's seed.

It tells the reform's story: the old structure, where each board keeps its own small office
(an accountant, a clerk and drivers), before a restructuring plan moves them into the Office.
Staff ids are fixed so that the gateway's demo users can point at HR staff records.
"""

DEMO_PASSWORD = "demo-2026"
ADMIN_PASSWORD = "admin-2026"

# code, name, kind, parent_code
UNITS = [
    ("TU", "Thường trực Tỉnh ủy", "leadership", None),
    ("VP", "Văn phòng Tỉnh ủy", "office", None),
    ("BTC", "Ban Tổ chức Tỉnh ủy", "board", None),
    ("UBKT", "Ủy ban Kiểm tra Tỉnh ủy", "board", None),
    ("BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "board", None),
    ("BNC", "Ban Nội chính Tỉnh ủy", "board", None),
    ("VP-TH", "Phòng Tổng hợp", "department", "VP"),
    ("VP-QT", "Phòng Quản trị", "department", "VP"),
    ("VP-TC", "Phòng Tài chính Đảng", "department", "VP"),
    ("BTC-TCCB", "Phòng Tổ chức cán bộ", "department", "BTC"),
    ("BTC-VP", "Văn phòng Ban Tổ chức", "department", "BTC"),
    ("UBKT-VP", "Văn phòng Ủy ban Kiểm tra", "department", "UBKT"),
    ("BTGDV-VP", "Văn phòng Ban Tuyên giáo và Dân vận", "department", "BTGDV"),
    ("BNC-VP", "Văn phòng Ban Nội chính", "department", "BNC"),
]

BOARDS = ["VP", "BTC", "UBKT", "BTGDV", "BNC"]

# key, unit, title, rank, family, quota, is_driver
POSITIONS = [
    ("tu-secretary", "TU", "Bí thư Tỉnh ủy", "head", "leadership", 1, False),
    ("tu-deputy", "TU", "Phó Bí thư Tỉnh ủy", "deputy", "leadership", 2, False),
    ("vp-head", "VP", "Chánh Văn phòng", "head", "leadership", 1, False),
    ("vp-deputy", "VP", "Phó Chánh Văn phòng", "deputy", "leadership", 3, False),
    ("vp-accountant", "VP-TC", "Kế toán", "specialist", "shared_professional", 4, False),
    ("vp-hr", "VP-TH", "Chuyên viên tổ chức - hành chính", "specialist", "shared_professional", 3, False),
    ("vp-assets", "VP-QT", "Chuyên viên quản trị tài sản", "specialist", "shared_professional", 2, False),
    ("vp-fleet", "VP-QT", "Chuyên viên quản lý xe", "specialist", "shared_professional", 1, False),
    ("vp-clerk", "VP-TH", "Văn thư", "support", "support", 2, False),
    ("vp-driver", "VP-QT", "Lái xe", "support", "support", 6, True),
] + [
    p
    for board in ["BTC", "UBKT", "BTGDV", "BNC"]
    for p in [
        (f"{board.lower()}-head", board, "Trưởng ban", "head", "leadership", 1, False),
        (f"{board.lower()}-deputy", board, "Phó Trưởng ban", "deputy", "leadership", 3, False),
        (f"{board.lower()}-specialist", board, "Chuyên viên", "specialist", "professional", 8, False),
        (f"{board.lower()}-accountant", f"{board}-VP", "Kế toán", "specialist", "shared_professional", 1, False),
        (f"{board.lower()}-clerk", f"{board}-VP", "Văn thư", "support", "support", 1, False),
        (f"{board.lower()}-driver", f"{board}-VP", "Lái xe", "support", "support", 2, True),
    ]
]

# id, full_name, position key, title_rank, licence_class, licence_expiry
STAFF = [
    (1, "Nguyễn Văn Bình", "tu-secretary", "secretary", None, None),
    (2, "Trần Thị Hoa", "tu-deputy", "deputy_secretary", None, None),
    (3, "Lê Minh Tuấn", "vp-head", "board_head", None, None),
    (4, "Phạm Thu Trang", "vp-deputy", "board_deputy", None, None),
    (5, "Hoàng Văn Nam", "vp-accountant", "specialist", None, None),
    (6, "Đỗ Thị Mai", "vp-hr", "specialist", None, None),
    (7, "Vũ Quốc Khánh", "vp-assets", "specialist", None, None),
    (8, "Bùi Văn Long", "vp-fleet", "specialist", None, None),
    (9, "Ngô Thị Lan", "vp-clerk", "support", None, None),
    (10, "Phan Văn Hùng", "vp-driver", "support", "D", "2030-06-30"),
    (11, "Đặng Văn Sơn", "vp-driver", "support", "C", "2029-03-31"),
    (20, "Trịnh Quang Dũng", "btc-head", "board_head", None, None),
    (21, "Lý Thị Hằng", "btc-deputy", "board_deputy", None, None),
    (22, "Mai Văn Phúc", "btc-specialist", "specialist", None, None),
    (23, "Cao Thị Ngọc", "btc-accountant", "specialist", None, None),
    (24, "Tạ Văn Hải", "btc-clerk", "support", None, None),
    (25, "Lương Văn Tài", "btc-driver", "support", "B2", "2028-12-31"),
    (30, "Kiều Văn Thắng", "ubkt-head", "board_head", None, None),
    (31, "Hà Thị Thu", "ubkt-specialist", "specialist", None, None),
    (32, "Đinh Văn Toàn", "ubkt-accountant", "specialist", None, None),
    (33, "Châu Thị Yến", "ubkt-clerk", "support", None, None),
    (34, "Quách Văn Lực", "ubkt-driver", "support", "D", "2031-01-31"),
    (40, "Tô Minh Châu", "btgdv-head", "board_head", None, None),
    (41, "Âu Thị Phương", "btgdv-deputy", "board_deputy", None, None),
    (42, "La Văn Đức", "btgdv-specialist", "specialist", None, None),
    (43, "Mạc Thị Nga", "btgdv-accountant", "specialist", None, None),
    (44, "Khúc Văn An", "btgdv-clerk", "support", None, None),
    (45, "Lại Văn Cường", "btgdv-driver", "support", "C", "2029-09-30"),
    (50, "Thái Văn Hòa", "bnc-head", "board_head", None, None),
    (51, "Doãn Thị Hiền", "bnc-specialist", "specialist", None, None),
    (52, "Ninh Văn Kiên", "bnc-accountant", "specialist", None, None),
    (53, "Ông Thị Xuân", "bnc-clerk", "support", None, None),
    (54, "Văn Đình Quý", "bnc-driver", "support", "B2", "2027-05-31"),
]

# username, staff_id, unit, roles
USERS = [
    ("admin", None, "VP", ["admin"]),
    ("bithu", 1, "TU", ["leadership"]),
    ("phobithu", 2, "TU", ["leadership"]),
    ("chanhvp", 3, "VP", ["unit_head", "staff"]),
    ("ketoan.vp", 5, "VP", ["office_finance", "staff"]),
    ("tochuc.vp", 6, "VP", ["office_hr", "staff"]),
    ("taisan.vp", 7, "VP", ["office_assets", "staff"]),
    ("doixe.vp", 8, "VP", ["office_fleet", "staff"]),
    ("laixe.hung", 10, "VP", ["staff"]),
    ("truongban.btc", 20, "BTC", ["unit_head", "staff"]),
    ("chuyenvien.btc", 22, "BTC", ["staff"]),
    ("kiemtra.ubkt", 31, "UBKT", ["auditor", "staff"]),
    ("truongban.btgdv", 40, "BTGDV", ["unit_head", "staff"]),
    ("chuyenvien.btgdv", 42, "BTGDV", ["staff"]),
    ("chuyenvien.bnc", 51, "BNC", ["staff"]),
]


def password_for(username: str) -> str:
    """The demo password of a demo user (printed by `make run`)."""
    return ADMIN_PASSWORD if username == "admin" else DEMO_PASSWORD


def board_of(unit: str) -> str:
    """The board (or the Office, or the leadership) a demo unit belongs to: a person's `unit` in
    HR's events is their board, not their department."""
    parents = {code: parent for code, _name, _kind, parent in UNITS}
    while parents.get(unit):
        unit = parents[unit]
    return unit


def replica_records() -> tuple[list[dict], list[dict]]:
    """The demo units and staff as HR's events carry them (for a service's seed before HR's
    events arrive; the events then overwrite them with the same values)."""
    units = [{"code": code, "name": name, "kind": kind, "parent_code": parent} for code, name, kind, parent in UNITS]
    positions = {key: (n, unit, title, rank, family, is_driver)
                 for n, (key, unit, title, rank, family, _quota, is_driver) in enumerate(POSITIONS, start=1)}
    staff = []
    for staff_id, full_name, key, title_rank, licence_class, licence_expiry in STAFF:
        position_id, unit, title, rank, family, is_driver = positions[key]
        staff.append({"id": staff_id, "full_name": full_name, "unit": board_of(unit), "position_id": position_id,
                      "position_title": title, "position_rank": rank, "position_family": family,
                      "is_driver": is_driver, "title_rank": title_rank, "licence_class": licence_class,
                      "licence_expiry": licence_expiry, "status": "active"})
    return units, staff


# The demo's cars, each once, with the province's plates: the boards' own cars before the reform
# (Decree 72/2023 Art 11.2: one general-use car per board, two with the hardship/area bonus; the
# Office more), the Secretary's title car (Art 6.2) and the Office's minibus for delegations.
# Assets registers them (its event puts them in fleet's pool); fleet's seed knows them by plate.
# board, plate, model, seats (driver's included), fuel, norm l/100 km, odometer km, acquired on,
# cost VND, dedicated holder (staff id) or None
CARS = [
    ("VP", "81A-000.01", "Toyota Camry 2.5Q", 5, "petrol", 8.5, 84_300, "2020-01-15", 1_480_000_000, 1),
    ("VP", "81A-000.11", "Toyota Innova 2.0E", 7, "petrol", 9.5, 152_300, "2018-05-10", 790_000_000, None),
    ("VP", "81A-000.12", "Ford Transit 16 chỗ", 16, "diesel", 12.0, 98_700, "2020-03-02", 1_050_000_000, None),
    ("VP", "81A-000.13", "Toyota Vios 1.5G", 5, "petrol", 7.0, 61_200, "2021-09-15", 560_000_000, None),
    ("BTC", "81A-001.21", "Toyota Fortuner 2.4", 7, "diesel", 10.5, 120_400, "2019-06-20", 940_000_000, None),
    ("BTC", "81A-001.22", "Toyota Corolla Cross 1.8V", 5, "petrol", 7.5, 38_400, "2022-07-01", 820_000_000, None),
    ("UBKT", "81A-001.31", "Mitsubishi Xpander", 7, "petrol", 8.0, 45_900, "2022-02-11", 650_000_000, None),
    ("UBKT", "81A-001.32", "Mazda CX-5 2.0", 5, "petrol", 8.0, 67_100, "2020-10-05", 860_000_000, None),
    ("BTGDV", "81A-001.41", "Kia Carnival 2.2D", 7, "diesel", 9.0, 33_100, "2023-04-05", 940_000_000, None),
    ("BTGDV", "81A-001.42", "Mitsubishi Pajero Sport", 7, "diesel", 9.5, 143_900, "2017-08-21", 930_000_000, None),
    ("BNC", "81A-001.51", "Toyota Innova 2.0G", 7, "petrol", 9.5, 171_800, "2018-11-30", 800_000_000, None),
    ("BNC", "81A-001.52", "Hyundai Accent 1.4AT", 5, "petrol", 6.5, 56_700, "2021-03-18", 540_000_000, None),
]
