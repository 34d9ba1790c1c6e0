"""The words every service uses for the organisation, as HR publishes them (pure Python).

They travel in HR's events (`kind`, `rank`, `family`, `title_rank`), so the services that check
norms (finance) and equipment standards (assets) key on the same values HR writes.
"""

# a unit's kind; boards, the Office and the leadership are "agencies" a person belongs to
UNIT_KINDS = ("leadership", "board", "office", "department")
HOME_UNIT_KINDS = ("leadership", "board", "office")

# a position's rank and family; the families follow Decree 62/2020/NĐ-CP Art 5: leadership,
# specialised professional, shared professional (finance, HR, admin...) and support/service
POSITION_RANKS = ("head", "deputy", "specialist", "support")
# the ranks whose holders lead a unit and decide its requests (unit_head at the gateway)
HEAD_RANKS = ("head", "deputy")
POSITION_FAMILIES = ("leadership", "professional", "shared_professional", "support")

# the rank that spending norms and equipment standards key on
TITLE_RANKS = (
    "secretary",
    "deputy_secretary",
    "board_head",
    "board_deputy",
    "department_head",
    "department_deputy",
    "specialist",
    "support",
)
