"""Managing users (admin) and reading them."""

from __future__ import annotations

import json
from typing import Any

from buildingblocks.db import UnitOfWork
from buildingblocks.clock import utcnow
from buildingblocks.errors import Invalid, NotFound, RuleBroken
from buildingblocks.identity import Principal
from buildingblocks.logs import request_id_var
from buildingblocks.pagination import paginate
from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from gateway.adapters.orm import AuditEntry, User
from gateway.adapters.passwords import hash_password
from gateway.domain.users import InvalidUser, check_password, check_roles


def record_admin_action(
    uow: UnitOfWork, actor: Principal | None, action: str, method: str, path: str, detail: dict[str, Any]
) -> None:
    """An audit entry written in the same transaction as the change it describes."""
    uow.session.add(
        AuditEntry(
            at=utcnow(),
            action=action,
            username=actor.username if actor else None,
            unit=actor.unit if actor else None,
            method=method,
            path=path,
            status=200,
            request_id=request_id_var.get(),
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )


def _validated(fields: dict[str, Any]) -> dict[str, Any]:
    try:
        if "roles" in fields:
            fields["roles"] = check_roles(fields["roles"])
        if "password" in fields:
            check_password(fields["password"])
    except InvalidUser as exc:
        raise Invalid(str(exc), errors=exc.errors) from None
    return fields


def _lock_active_admins(uow: UnitOfWork) -> list[User]:
    # Locked so that two admins demoting each other at once cannot leave the platform without one.
    return list(
        uow.session.scalars(
            select(User)
            .where(User.active.is_(True), cast(User.roles, String).like('%"admin"%'))
            .order_by(User.id)
            .with_for_update()
        )
    )


def create_user(
    uow: UnitOfWork,
    actor: Principal,
    *,
    username: str,
    password: str,
    unit: str,
    roles: list[str],
    staff_id: int | None = None,
    active: bool = True,
) -> User:
    """A new user; 409 when the username is taken."""
    fields = _validated({"roles": roles, "password": password})
    if uow.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise RuleBroken(f"user {username!r} already exists", rule="unique_username")
    now = utcnow()
    user = User(
        username=username,
        password_hash=hash_password(password),
        staff_id=staff_id,
        unit=unit,
        roles=fields["roles"],
        active=active,
        token_version=0,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(user)
    record_admin_action(
        uow, actor, "user_created", "POST", "/api/v1/admin/users",
        {"username": username, "unit": unit, "roles": fields["roles"], "staff_id": staff_id, "active": active},
    )
    uow.session.flush()
    uow.commit()
    return user


def update_user(uow: UnitOfWork, actor: Principal, username: str, changes: dict[str, Any]) -> User:
    """Change a user's password, unit, roles, staff link or active flag.

    A new password or a deactivation bumps `token_version`, which ends the tokens already
    issued. The last active admin cannot be deactivated or lose the admin role (409).
    """
    changes = _validated(dict(changes))
    if not changes:
        raise Invalid("nothing to change", errors={"_schema": ["give at least one field"]})
    admins = _lock_active_admins(uow) if {"roles", "active"} & set(changes) else []
    user = uow.session.scalar(select(User).where(User.username == username).with_for_update())
    if user is None:
        raise NotFound(f"user {username!r} not found")
    stays_admin = changes.get("active", user.active) and "admin" in changes.get("roles", user.roles)
    if user in admins and not stays_admin and len(admins) == 1:
        raise RuleBroken("the last active admin cannot be deactivated or lose the admin role", rule="last_admin")
    audit_detail: dict[str, Any] = {"username": username}
    if "password" in changes:
        user.password_hash = hash_password(changes.pop("password"))
        user.token_version = (user.token_version or 0) + 1
        audit_detail["password"] = "changed"
    if changes.get("active") is False and user.active:
        user.token_version = (user.token_version or 0) + 1
    for name, value in changes.items():
        audit_detail[name] = {"from": getattr(user, name), "to": value}
        setattr(user, name, value)
    user.updated_at = utcnow()
    record_admin_action(uow, actor, "user_updated", "PATCH", f"/api/v1/admin/users/{username}", audit_detail)
    uow.commit()
    return user


def get_user(session: Session, username: str) -> User:
    """The user named `username`; 404 otherwise."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"user {username!r} not found")
    return user


def list_users(
    session: Session, *, unit: str | None = None, active: bool | None = None, role: str | None = None,
    limit: int = 50, cursor: str | None = None,
) -> tuple[list[User], str | None]:
    """Users, optionally of one unit, one role or one state, by username."""
    stmt = select(User)
    if unit is not None:
        stmt = stmt.where(User.unit == unit)
    if active is not None:
        stmt = stmt.where(User.active.is_(active))
    if role is not None:
        stmt = stmt.where(cast(User.roles, String).like(f'%"{role}"%'))
    return paginate(session, stmt, User.username, limit, cursor)
