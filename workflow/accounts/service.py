"""Accounts, sign-in, sessions and API tokens: who is asking, as a ``Principal``.

- A local account has an argon2 password hash (``pwdlib``). After ``LOCK_AFTER`` wrong
  passwords in a row the account is locked for ``LOCKED_FOR``; from the third failure on,
  each refusal also tells the caller how long to wait before answering (``delay``).
- A web session lives in ``web_sessions``: the browser's cookie holds a random id and the
  table its SHA-256 digest, the session's CSRF token and when it ends: after ``IDLE`` without
  a request, or ``LIFETIME`` after sign-in, whichever comes first.
- An API token (``tfe_...``) is stored as its digest with a scope (``read`` or
  ``read write``) and an expiry; it acts with its account's authority.

An account linked to the staff register (``staff_ref``) takes its roles and team from it,
so a leaver can no longer sign in; an account without one (the first admin) has its own
roles. Every sign-in, refusal, sign-out and change is in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from pwdlib import PasswordHash
from sqlalchemy import Connection, func, insert, select, update

from workflow import audit
from workflow.access.policy import Action, require
from workflow.clock import Clock
from workflow.db.models import ApiToken, Staff, Team, UserAccount, WebSession
from workflow.domain.vocabulary import StaffRole
from workflow.errors import WorkflowError
from workflow.principal import REF, Principal, SystemJob

LOCK_AFTER = 5
LOCKED_FOR = dt.timedelta(minutes=15)
IDLE = dt.timedelta(minutes=30)
LIFETIME = dt.timedelta(hours=12)
VISITOR_LIFETIME = dt.timedelta(hours=1)
SCOPES = ("read", "read write")
WRONG = "The username or password is not right."
MIN_PASSWORD = 12

_hasher: PasswordHash | None = None
SIGN_IN = Principal.system(SystemJob.API)


def _hash() -> PasswordHash:
    global _hasher
    if _hasher is None:
        _hasher = PasswordHash.recommended()  # argon2id
    return _hasher


class AccountRefused(WorkflowError):
    code = "account_refused"


class AccountNotFound(WorkflowError):
    code = "account_not_found"


class SignInRefused(WorkflowError):
    """A wrong username or password, a locked or disabled account: one plain message, and
    how many seconds to wait before answering."""

    code = "sign_in_refused"

    def __init__(self, detail: str = WRONG, *, delay: float = 0.0) -> None:
        super().__init__(detail)
        self.delay = delay


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives back naive datetimes: they are UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def _check_roles(roles: list[str]) -> str:
    known = set(StaffRole.__members__.values())
    for role in roles:
        if role not in known:
            raise AccountRefused(
                f"‘{role[:30]}’ is not a role: use one of {', '.join(sorted(known))}."
            )
    return ",".join(dict.fromkeys(roles))


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountRefused(f"A password must be at least {MIN_PASSWORD} characters.")
    if len(password) > 1000:
        raise AccountRefused("A password must be 1,000 characters or fewer.")


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    staff_ref: str | None
    roles: tuple[str, ...]
    active: bool
    locked_until: dt.datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "staff_ref": self.staff_ref,
            "roles": list(self.roles),
            "active": self.active,
        }


def _account(row: Any) -> Account:
    return Account(
        row.username,
        row.display_name,
        row.staff_ref,
        tuple(r for r in (row.roles or "").split(",") if r),
        bool(row.active),
        _aware(row.locked_until),
    )


def _find(connection: Connection, username: str) -> Any:
    return connection.execute(
        select(*UserAccount.__table__.c).where(
            func.lower(UserAccount.username) == username.strip().lower()
        )
    ).first()


def add_user(
    username: str,
    *,
    display_name: str,
    password: str | None,
    roles: list[str] | None = None,
    staff_ref: str | None = None,
    oidc_subject: str | None = None,
    uow: Any,
    actor: Principal,
) -> Account:
    """A new account: for a member of staff (``staff_ref``: roles from the register) or with
    its own ``roles``. ``password`` may be ``None`` for an OpenID Connect account."""
    require(actor, Action.MANAGE_ACCOUNTS)
    name = username.strip()
    if not REF.fullmatch(name):
        raise AccountRefused(
            "A username is 1 to 80 letters, digits, spaces and - _ . @ ' and starts with a "
            "letter or digit."
        )
    if password is not None:
        check_password(password)
    role_names = _check_roles(roles or [])
    with uow:
        c = uow.connection
        if _find(c, name) is not None:
            raise AccountRefused(f"There is already an account ‘{name}’.")
        if staff_ref is not None:
            active = c.execute(select(Staff.active).where(Staff.staff_ref == staff_ref)).first()
            if active is None:
                raise AccountRefused(f"There is no member of staff ‘{staff_ref[:40]}’.")
            taken = c.execute(
                select(UserAccount.username).where(UserAccount.staff_ref == staff_ref)
            ).scalar()
            if taken is not None:
                raise AccountRefused(f"{staff_ref} already signs in as ‘{taken}’.")
        elif not role_names:
            raise AccountRefused("Give the account a staff reference or at least one role.")
        c.execute(
            insert(UserAccount).values(
                username=name,
                display_name=display_name.strip()[:200] or name,
                staff_ref=staff_ref,
                roles=role_names,
                password_hash=None if password is None else _hash().hash(password),
                oidc_subject=oidc_subject,
                active=True,
                failed_attempts=0,
                must_change_password=False,
            )
        )
        audit.record(
            c,
            actor=actor,
            action="account_added",
            entity_type="user",
            entity_id=name,
            detail={"staff_ref": staff_ref, "roles": role_names.split(",") if role_names else []},
        )
        account = _account(_find(c, name))
        uow.commit()
    return account


def disable_user(username: str, *, uow: Any, clock: Clock, actor: Principal) -> Account:
    """No more sign-ins: the account's sessions end and its tokens stop working."""
    require(actor, Action.MANAGE_ACCOUNTS)
    with uow:
        c = uow.connection
        row = _find(c, username)
        if row is None:
            raise AccountNotFound(f"There is no account ‘{username[:40]}’.")
        now = clock.now()
        c.execute(update(UserAccount).where(UserAccount.id == row.id).values(active=False))
        c.execute(
            update(WebSession)
            .where(WebSession.user_id == row.id, WebSession.ended_at.is_(None))
            .values(ended_at=now)
        )
        c.execute(
            update(ApiToken)
            .where(ApiToken.user_id == row.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        audit.record(
            c, actor=actor, action="account_disabled", entity_type="user", entity_id=row.username
        )
        account = _account(_find(c, username))
        uow.commit()
    return account


def reset_password(
    username: str, password: str, *, uow: Any, clock: Clock, actor: Principal
) -> Account:
    """A new password: the lock is lifted and every session of the account ends."""
    require(actor, Action.MANAGE_ACCOUNTS)
    check_password(password)
    with uow:
        c = uow.connection
        row = _find(c, username)
        if row is None:
            raise AccountNotFound(f"There is no account ‘{username[:40]}’.")
        c.execute(
            update(UserAccount)
            .where(UserAccount.id == row.id)
            .values(
                password_hash=_hash().hash(password),
                failed_attempts=0,
                locked_until=None,
                active=True,
            )
        )
        c.execute(
            update(WebSession)
            .where(WebSession.user_id == row.id, WebSession.ended_at.is_(None))
            .values(ended_at=clock.now())
        )
        audit.record(
            c, actor=actor, action="password_reset", entity_type="user", entity_id=row.username
        )
        account = _account(_find(c, username))
        uow.commit()
    return account


def list_users(*, uow: Any) -> list[Account]:
    with uow:
        rows = uow.connection.execute(
            select(*UserAccount.__table__.c).order_by(UserAccount.username)
        ).all()
        return [_account(r) for r in rows]


def count_users(*, uow: Any) -> int:
    with uow:
        return int(
            uow.connection.execute(select(func.count()).select_from(UserAccount)).scalar_one()
        )


# ---------------------------------------------------------------- the principal


def principal_of(connection: Connection, user: Any) -> Principal | None:
    """The principal an account acts as, or ``None`` if it may no longer sign in (disabled,
    or its member of staff has left)."""
    if not user.active:
        return None
    own = [r for r in (user.roles or "").split(",") if r]
    if user.staff_ref is None:
        return Principal.staff(user.username, *own, name=user.display_name)
    staff = connection.execute(
        select(Staff.role, Staff.active, Staff.name, Team.name)
        .outerjoin(Team, Team.id == Staff.team_id)
        .where(Staff.staff_ref == user.staff_ref)
    ).first()
    if staff is None or not staff[1]:
        return None
    roles = dict.fromkeys([*(r for r in str(staff[0] or "").split(",") if r), *own])
    return Principal.staff(
        user.staff_ref,
        *(r for r in roles if r in StaffRole.__members__.values()),
        teams=[] if staff[3] is None else [str(staff[3])],
        name=str(staff[2]),
    )


# ---------------------------------------------------------------- sign-in and sessions


@dataclass
class SessionState:
    """What one request's session cookie stands for."""

    session_id: int
    csrf_token: str
    principal: Principal | None
    data: dict[str, Any] = field(default_factory=dict)
    username: str | None = None


@dataclass(frozen=True)
class SignedIn:
    cookie: str  # the new session's id, for the cookie only
    csrf_token: str
    principal: Principal


def open_visitor_session(
    *, uow: Any, clock: Clock, data: dict[str, Any] | None = None
) -> tuple[str, SessionState]:
    """A session for someone not yet signed in: it carries the sign-in form's CSRF token
    (and an OpenID Connect sign-in's state)."""
    raw, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = clock.now()
    with uow:
        new_id = uow.connection.execute(
            insert(WebSession)
            .values(
                digest=digest(raw),
                user_id=None,
                csrf_token=csrf,
                data=data or {},
                created_at=now,
                last_seen_at=now,
                expires_at=now + VISITOR_LIFETIME,
            )
            .returning(WebSession.id)
        ).scalar_one()
        uow.commit()
    return raw, SessionState(int(new_id), csrf, None, data or {})


def session_for(cookie: str, *, uow: Any, clock: Clock) -> SessionState | None:
    """The live session a cookie names, or ``None`` if it is unknown, ended or expired
    (idle for ``IDLE``, or past its end). Seeing it counts as activity."""
    now = clock.now()
    with uow:
        c = uow.connection
        row = c.execute(
            select(*WebSession.__table__.c).where(WebSession.digest == digest(cookie))
        ).first()
        if row is None or row.ended_at is not None:
            return None
        expires, seen = _aware(row.expires_at), _aware(row.last_seen_at)
        assert expires is not None and seen is not None
        if now >= expires or (row.user_id is not None and now - seen >= IDLE):
            c.execute(update(WebSession).where(WebSession.id == row.id).values(ended_at=now))
            uow.commit()
            return None
        principal, username = None, None
        if row.user_id is not None:
            user = c.execute(
                select(*UserAccount.__table__.c).where(UserAccount.id == row.user_id)
            ).one()
            principal, username = principal_of(c, user), user.username
            if principal is None:
                c.execute(update(WebSession).where(WebSession.id == row.id).values(ended_at=now))
                uow.commit()
                return None
        if now - seen >= dt.timedelta(seconds=60):
            c.execute(update(WebSession).where(WebSession.id == row.id).values(last_seen_at=now))
        uow.commit()
        return SessionState(int(row.id), row.csrf_token, principal, dict(row.data or {}), username)


def save_session_data(session_id: int, data: dict[str, Any], *, uow: Any) -> None:
    with uow:
        uow.connection.execute(
            update(WebSession).where(WebSession.id == session_id).values(data=data)
        )
        uow.commit()


def end_session(cookie: str, *, uow: Any, clock: Clock) -> None:
    """Sign out: the session ends now (a stolen copy of the cookie stops working too)."""
    with uow:
        c = uow.connection
        row = c.execute(
            select(WebSession.id, WebSession.user_id).where(WebSession.digest == digest(cookie))
        ).first()
        if row is None:
            return
        c.execute(update(WebSession).where(WebSession.id == row[0]).values(ended_at=clock.now()))
        if row[1] is not None:
            username = c.execute(
                select(UserAccount.username).where(UserAccount.id == row[1])
            ).scalar()
            audit.record(
                c, actor=SIGN_IN, action="sign_out", entity_type="user", entity_id=username
            )
        uow.commit()


def _start(c: Connection, user: Any, principal: Principal, clock: Clock, how: str) -> SignedIn:
    raw, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = clock.now()
    c.execute(
        insert(WebSession).values(
            digest=digest(raw),
            user_id=user.id,
            csrf_token=csrf,
            data={},
            created_at=now,
            last_seen_at=now,
            expires_at=now + LIFETIME,
        )
    )
    c.execute(
        update(UserAccount)
        .where(UserAccount.id == user.id)
        .values(failed_attempts=0, locked_until=None, last_sign_in_at=now)
    )
    audit.record(
        c,
        actor=principal,
        action="sign_in",
        entity_type="user",
        entity_id=user.username,
        detail={"how": how},
    )
    return SignedIn(raw, csrf, principal)


def sign_in(username: str, password: str, *, uow: Any, clock: Clock) -> SignedIn:
    """Check a username and password and open a session, or refuse with one message for
    every reason (so a refusal never tells whether the account exists)."""
    now = clock.now()
    with uow:
        c = uow.connection
        user = _find(c, username) if len(username) <= 80 else None
        if user is None:
            _hash().verify(password[:1000], _dummy())  # the same work as a real check
            audit.record(
                c,
                actor=SIGN_IN,
                action="sign_in_refused",
                entity_type="user",
                detail={"known": False},
            )
            uow.commit()
            raise SignInRefused()
        locked = _aware(user.locked_until)
        if locked is not None and now < locked:
            audit.record(
                c,
                actor=SIGN_IN,
                action="sign_in_refused",
                entity_type="user",
                entity_id=user.username,
                detail={"locked": True},
            )
            uow.commit()
            minutes = max(1, round((locked - now).total_seconds() / 60))
            raise SignInRefused(
                f"This account is locked after too many wrong passwords. Try again in "
                f"{minutes} minute{'s' if minutes != 1 else ''}, or ask an administrator "
                "to reset your password.",
                delay=_delay(user.failed_attempts),
            )
        good = user.password_hash is not None and _hash().verify(
            password[:1000], user.password_hash
        )
        principal = principal_of(c, user) if good else None
        if principal is None:
            failures = int(user.failed_attempts) + 1
            values: dict[str, Any] = {"failed_attempts": failures}
            if failures >= LOCK_AFTER:
                values["locked_until"] = now + LOCKED_FOR
            c.execute(update(UserAccount).where(UserAccount.id == user.id).values(**values))
            audit.record(
                c,
                actor=SIGN_IN,
                action="sign_in_refused",
                entity_type="user",
                entity_id=user.username,
                detail={"failures": failures},
            )
            uow.commit()
            raise SignInRefused(delay=_delay(failures))
        signed = _start(c, user, principal, clock, "password")
        uow.commit()
    return signed


def sign_in_oidc(subject: str, email: str | None, *, uow: Any, clock: Clock) -> SignedIn:
    """Open a session for the account an identity provider vouched for: the one with that
    subject, or else the one whose username is the email it gave (which is then linked)."""
    with uow:
        c = uow.connection
        user = c.execute(
            select(*UserAccount.__table__.c).where(UserAccount.oidc_subject == subject)
        ).first()
        if user is None and email:
            user = _find(c, email)
            if user is not None and user.oidc_subject is None:
                c.execute(
                    update(UserAccount)
                    .where(UserAccount.id == user.id)
                    .values(oidc_subject=subject)
                )
        principal = None if user is None else principal_of(c, user)
        if user is None or principal is None:
            audit.record(
                c,
                actor=SIGN_IN,
                action="sign_in_refused",
                entity_type="user",
                detail={"how": "oidc"},
            )
            uow.commit()
            raise SignInRefused(
                "Your council account is not set up for this service. "
                "Ask an administrator to add you."
            )
        signed = _start(c, user, principal, clock, "oidc")
        uow.commit()
    return signed


def _delay(failures: int) -> float:
    """Seconds to wait before answering a wrong password: none for the first two, then
    1, 2, 4 and at most 8."""
    return 0.0 if failures < 3 else float(min(2 ** (failures - 3), 8))


_DUMMY: str | None = None


def _dummy() -> str:
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = _hash().hash(secrets.token_urlsafe(16))
    return _DUMMY


# ---------------------------------------------------------------- API tokens


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once
    name: str
    scope: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class TokenUse:
    principal: Principal
    scope: str


def issue_token(
    username: str,
    *,
    name: str,
    scope: str = "read",
    days: int = 90,
    uow: Any,
    clock: Clock,
    actor: Principal,
) -> IssuedToken:
    """A bearer token that acts with ``username``'s authority, limited to ``scope``."""
    require(actor, Action.MANAGE_ACCOUNTS)
    if scope not in SCOPES:
        raise AccountRefused(f"A token's scope is one of: {', '.join(SCOPES)}.")
    if not 1 <= days <= 366:
        raise AccountRefused("A token lasts 1 to 366 days.")
    raw = "tfe_" + secrets.token_urlsafe(32)
    expires = clock.now() + dt.timedelta(days=days)
    with uow:
        c = uow.connection
        user = _find(c, username)
        if user is None:
            raise AccountNotFound(f"There is no account ‘{username[:40]}’.")
        c.execute(
            insert(ApiToken).values(
                digest=digest(raw),
                prefix=raw[:12],
                user_id=user.id,
                name=name.strip()[:100] or "token",
                scope=scope,
                created_at=clock.now(),
                expires_at=expires,
            )
        )
        audit.record(
            c,
            actor=actor,
            action="token_issued",
            entity_type="user",
            entity_id=user.username,
            detail={"name": name[:100], "scope": scope, "prefix": raw[:12]},
        )
        uow.commit()
    return IssuedToken(raw, name, scope, expires)


def token_principal(token: str, *, uow: Any, clock: Clock) -> TokenUse | None:
    """The principal and scope a bearer token gives, or ``None`` (unknown, revoked, expired,
    or its account can no longer sign in)."""
    now = clock.now()
    with uow:
        c = uow.connection
        row = c.execute(
            select(*ApiToken.__table__.c).where(ApiToken.digest == digest(token))
        ).first()
        if row is None or row.revoked_at is not None:
            return None
        expires = _aware(row.expires_at)
        if expires is None or now >= expires:
            return None
        user = c.execute(
            select(*UserAccount.__table__.c).where(UserAccount.id == row.user_id)
        ).one()
        principal = principal_of(c, user)
        if principal is None:
            return None
        used = _aware(row.last_used_at)
        if used is None or now - used >= dt.timedelta(minutes=5):
            c.execute(update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now))
        uow.commit()
    return TokenUse(principal, row.scope)
