"""Staffing rules with history, and plans that can be turned down (issue 13).

`rule_versions`: each staffing rule in dated versions (half-open, like the units'), so that
`?as_of=` judges a date by the rules then in force. Today's rules become the first version of
each, in force from the earliest unit version: a rule `office_hr` had changed (the `rules` table)
with its stored value, the others with their default as it stands on this day (a frozen
snapshot below, not imported). A database without units gets no versions: the defaults apply
until a rule is changed. The `rules` table goes.

`restructurings.history`: what happened to a plan (created, edited, approved, rejected,
withdrawn, scheduled, applied, failed), filled from the columns for the plans already there.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""
import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

import buildingblocks.db

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

DEFAULTS = {'position_quota': {'value': {},
                    'source': 'Biên chế của từng cơ quan do Ban Thường vụ Tỉnh ủy quyết định trong tổng biên chế '
                              'được giao (Quy định 137-QĐ/TW (Ban Bí thư, 01/12/2023))',
                    'mark': 'B',
                    'verified': False,
                    'note': "The quota itself is data (each position's `quota`); this rule only says it is not "
                            'exceeded.'},
 'deputies_per_department': {'value': {'large_from': 10, 'max_small': 2, 'max_large': 3},
                             'source': 'Quy định 137-QĐ/TW (Ban Bí thư, 01/12/2023): phòng dưới 10 người tối đa 2 '
                                       'phó; từ 10 người tối đa 3 phó (baonghean.vn; baobinhdinh.vn)',
                             'mark': 'B',
                             'verified': False,
                             'note': "Size is the department's assigned headcount (quota of its positions). "
                                     'Replaced by 329-QĐ/TW (13/6/2025), whose limits could not be read: interim '
                                     'value, to verify.'},
 'deputy_share_of_headcount': {'value': {'max_share': 0.5},
                               'source': 'Kết luận 187-KL/TW (29/8/2025): số cấp phó không quá 50% biên chế được '
                                         'giao (vneconomy.vn; sggp.org.vn; baodaklak.vn)',
                               'mark': 'B',
                               'verified': False,
                               'note': 'Applied to departments, boards and the Office; headcount = quota of the '
                                       'unit and the units below it.'},
 'min_department_staff': {'value': {'min_staff': 5, 'min_staff_understaffed': 4},
                          'source': 'Quy định 137-QĐ/TW (Ban Bí thư, 01/12/2023): phòng tối thiểu 5 biên chế; '
                                    'chưa đủ biên chế thì tối thiểu 4 người',
                          'mark': 'B',
                          'verified': False,
                          'note': 'Flagged, never refused: quota below min_staff, or fewer than '
                                  'min_staff_understaffed people while the department is not fully staffed. '
                                  'Replaced by 329-QĐ/TW (13/6/2025), whose limits could not be read: interim '
                                  'value, to verify.'},
 'max_departments_per_agency': {'value': {'by_kind': {'office': 5, 'board': 4}, 'by_unit': {}},
                                'source': 'Quy định 137-QĐ/TW (Ban Bí thư, 01/12/2023): Văn phòng Tỉnh ủy tối đa '
                                          '5 phòng; Ban Tổ chức tối đa 4 phòng (luatvietnam.vn; '
                                          'xaydungchinhsach.chinhphu.vn)',
                                'mark': 'B',
                                'verified': False,
                                'note': "The board value 4 is the Ban Tổ chức's; the other boards' numbers were "
                                        'not found [—] and use it as a placeholder. `by_unit` overrides per '
                                        'agency code. Replaced by 329-QĐ/TW (13/6/2025), whose limits could not '
                                        'be read: interim value, to verify.'},
 'total_deputy_heads': {'value': {'max': 18},
                        'source': 'Quy định 137-QĐ/TW (Ban Bí thư, 01/12/2023): tổng số cấp phó của các cơ quan '
                                  'tham mưu, giúp việc không quá 18 (04-QĐi/TW of 2018 allowed 15) '
                                  '(baobinhdinh.vn)',
                        'mark': 'B',
                        'verified': False,
                        'note': 'Counts holders of deputy positions of the boards and the Office themselves. '
                                'Replaced by 329-QĐ/TW (13/6/2025), whose limits could not be read: interim '
                                'value, to verify.'},
 'staff_reduction_target': {'value': {'share': 0.05},
                            'source': 'Kết luận 40-KL/TW (18/7/2022): giảm ít nhất 5% biên chế cán bộ, công chức '
                                      'giai đoạn 2022-2026 (infographics.vn / TTXVN)',
                            'mark': 'B',
                            'verified': False,
                            'note': 'A target the restructuring preview compares headcount against; never refuses '
                                    'anything.'}}

def upgrade() -> None:
    op.create_table(
        "rule_versions",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("mark", sa.String(length=4), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("recorded_at", buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_versions")),
        sa.UniqueConstraint("code", "valid_from", name="uq_rule_versions_code_valid_from"),
    )
    op.create_index("ix_rule_versions_code_valid_to", "rule_versions", ["code", "valid_to"], unique=False)
    _first_versions()
    op.drop_table("rules")
    op.add_column("restructurings", sa.Column("history", sa.JSON(), nullable=True))
    _plan_histories()


def _first_versions() -> None:
    conn = op.get_bind()
    start = conn.execute(sa.text("SELECT MIN(valid_from) FROM unit_versions")).scalar()
    if start is None:
        return
    stored = {row.code: row for row in conn.execute(sa.text(
        "SELECT code, value, enabled, source, mark, verified, note, updated_at, updated_by FROM rules"))}
    versions = sa.table("rule_versions", sa.column("value", sa.JSON()), *(sa.column(c) for c in (
        "code", "enabled", "source", "mark", "verified", "note", "valid_from", "valid_to", "recorded_at", "recorded_by")))
    now = dt.datetime.now(dt.timezone.utc)
    rows = []
    for code, default in DEFAULTS.items():
        row = stored.get(code)
        if row is None:
            values = {**default, "enabled": True, "recorded_at": now, "recorded_by": None}
        else:
            value = row.value if isinstance(row.value, dict) else json.loads(row.value)
            values = {"value": value, "enabled": row.enabled, "source": row.source, "mark": row.mark,
                      "verified": row.verified, "note": row.note, "recorded_at": row.updated_at or now,
                      "recorded_by": row.updated_by}
        rows.append({"code": code, "valid_from": start, "valid_to": None, **values})
    op.bulk_insert(versions, rows)


def _plan_histories() -> None:
    conn = op.get_bind()
    plans = sa.table("restructurings", sa.column("id"), sa.column("history", sa.JSON()))
    for row in conn.execute(sa.text("SELECT id, created_by, created_at, approved_by, approved_at, applied_by, "
                                    "applied_at, status, failure_reason, updated_at FROM restructurings")):
        history = [_entry("created", row.created_by, row.created_at)]
        if row.approved_by:
            history.append(_entry("approved", row.approved_by, row.approved_at))
        if row.status == "scheduled":
            history.append(_entry("scheduled", None, row.updated_at))
        if row.applied_by:
            history.append(_entry("applied", row.applied_by, row.applied_at))
        if row.status == "failed":
            history.append(_entry("failed", "system:hr-worker", row.updated_at, row.failure_reason))
        conn.execute(plans.update().where(plans.c.id == row.id).values(history=history))


def _entry(action, by, at, reason=None) -> dict:
    if isinstance(at, str):
        at = dt.datetime.fromisoformat(at)
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=dt.timezone.utc)
    return {"action": action, "by": by or "", "staff_id": None, "at": at.isoformat() if at else "", "reason": reason}


def downgrade() -> None:
    op.drop_column("restructurings", "history")
    op.create_table(
        "rules",
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("mark", sa.String(length=4), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_rules")),
    )
    op.execute("INSERT INTO rules (code, value, enabled, source, mark, verified, note, updated_at, updated_by) "
               "SELECT code, value, enabled, source, mark, verified, note, recorded_at, recorded_by "
               "FROM rule_versions WHERE valid_to IS NULL")
    op.drop_index("ix_rule_versions_code_valid_to", table_name="rule_versions")
    op.drop_table("rule_versions")
