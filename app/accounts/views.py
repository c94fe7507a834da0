from flask import abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from markupsafe import Markup

from app.accounts import bp, devices, recovery, totp
from app.accounts.confirmation import confirmation_required, mark_confirmed, recently_confirmed
from app.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    CodeForm,
    ConfirmIdentityForm,
    ForgotPasswordForm,
    LoginForm,
    NewPasswordForm,
)
from app.accounts.models import Session, User
from app.accounts.services import (
    EmailTaken,
    accept_second_factor,
    authenticate,
    change_own_password,
    check_current_password,
    confirm_email_change,
    confirm_identity,
    count_failure,
    disable_totp,
    enable_totp,
    end_other_sessions,
    is_locked,
    issue_token,
    logged_in,
    normalise_email,
    renew_recovery_codes,
    request_email_change,
    save_language,
    use_token,
    valid_token,
)
from app.db import utcnow
from app.htmx import render, see_other
from app.mail import queue_mail
from app.security import limiter, public, requires, safe_next
from app.sessions import current_token_hash
from app.sessions import init_app as init_sessions

LOGIN_LIMIT = "10 per minute; 60 per hour"
PENDING_CODE_SECONDS = 300
MAX_CODE_TRIES = 5
# What a staff member who must enrol in two-factor authentication can still reach.
ENROLMENT_OPEN = {
    "accounts.two_factor",
    "accounts.confirm_identity",
    "accounts.recovery_codes",
    "accounts.logout",
    "pages.set_language",
    "pages.healthz",
    "static",
}
MAIL_LIMIT = "5 per 15 minutes"
SESSIONS_SHOWN = 50  # a session lasts 12 hours at most: more than anyone has at once


def init_app(app) -> None:
    """The kernel's sessions live in this feature's Session table."""
    from app.accounts.models import Session
    from app.accounts.queries import session_with_user

    init_sessions(app, Session, session_with_user, app.login_manager, devices.describe)


@bp.app_template_global()
def scope_label():
    """What the user's scope is called in the page header."""
    return current_user.scope_label()


def start_session(user: User) -> None:
    """Fresh session token and data for a newly authenticated user."""
    session.rotate()
    language = session.get("lang")  # chosen on the login page: it wins over the stored one
    if language and language != user.language:
        save_language(user, language)
        user.language = language
    login_user(user)
    mark_confirmed()  # the password (and code) were just given
    if not user.totp_secret and totp.required_for(user):
        session["must_enrol_totp"] = True


def finish_login(user: User):
    """After the password: the code step for users with two-factor authentication, else in."""
    target = safe_next(request.args.get("next")) or url_for("pages.home")
    if user.totp_secret:
        session.rotate()
        session["pending_totp"] = {"user": user.id, "at": utcnow().timestamp(), "next": target}
        return redirect(url_for("accounts.login_code"), code=303)
    start_session(user)
    logged_in(user)
    return redirect(target, code=303)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            return finish_login(user)
        form.password.errors.append(
            _(
                "Wrong email or password. After several failed attempts, logging in is paused "
                "for a few minutes."
            )
        )
    if form.errors:
        status = 422
    return render("accounts/login.html", form=form, status=status)


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@public
def login_code():
    pending = session.get("pending_totp")
    if not pending or utcnow().timestamp() - pending["at"] > PENDING_CODE_SECONDS:
        session.pop("pending_totp", None)
        flash(_("Log in again: the code has to be given within five minutes."), "info")
        return see_other("accounts.login")
    form = CodeForm()
    if form.validate_on_submit():
        user = User.get_or_none(User.id == pending["user"])
        if user is None or not user.is_active or is_locked(user):
            session.pop("pending_totp")
            flash(_("Too many wrong codes. Log in again."), "error")
            return see_other("accounts.login")
        factor = accept_second_factor(user, form.code.data)
        if factor:
            start_session(user)
            logged_in(user)
            if factor == "recovery":
                left = recovery.unused_count(user)
                flash(
                    ngettext(
                        "You logged in with a recovery code. You have %(num)s code left: "
                        "make new ones under Two-factor.",
                        "You logged in with a recovery code. You have %(num)s codes left: "
                        "make new ones under Two-factor.",
                        left,
                    ),
                    "info",
                )
            return redirect(pending["next"], code=303)
        count_failure(user, "code")
        pending["tries"] = pending.get("tries", 0) + 1
        session["pending_totp"] = pending
        if pending["tries"] >= MAX_CODE_TRIES:
            session.pop("pending_totp")
            flash(_("Too many wrong codes. Log in again."), "error")
            return see_other("accounts.login")
        form.code.errors.append(
            _("The code is not right, or it has already been used. Try the next one.")
        )
    return render("accounts/login_code.html", form=form, status=422 if form.errors else 200)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@requires("two_factor")
@confirmation_required
def two_factor():
    required = session.get("must_enrol_totp") or totp.required_for(current_user)
    form = CodeForm()
    if current_user.totp_secret:
        if form.validate_on_submit():
            if required:
                abort(403)
            if accept_second_factor(current_user, form.code.data):
                disable_totp(current_user)
                flash(_("Two-factor authentication is turned off."), "success")
                return see_other("accounts.two_factor")
            form.code.errors.append(
                _("The code is not right, or it has already been used. Try the next one.")
            )
        return render(
            "accounts/two_factor.html",
            form=form,
            enrolled=True,
            required=required,
            unused_codes=recovery.unused_count(current_user),
            status=422 if form.errors else 200,
        )
    # The secret being enrolled waits in the session, sealed like the stored one.
    secret = totp.unseal(session.get("totp_enrolment") or "") or totp.new_secret()
    if "totp_enrolment" not in session:
        session["totp_enrolment"] = totp.seal(secret)
    if form.validate_on_submit():
        if totp.accept_code(current_user, form.code.data, secret=secret):
            show_once(enable_totp(current_user, secret))
            session.pop("totp_enrolment", None)
            session.pop("must_enrol_totp", None)
            flash(
                _("Two-factor authentication is on. You will be asked for a code when you log in."),
                "success",
            )
            return see_other("accounts.recovery_codes")
        form.code.errors.append(
            _("The code is not right. Check the time on your phone and try the next code.")
        )
    return render(
        "accounts/two_factor.html",
        form=form,
        enrolled=False,
        required=required,
        secret=secret,
        qr=Markup(totp.qr_svg(secret, current_user.email, _("QR code for your authenticator app"))),
        status=422 if form.errors else 200,
    )


def show_once(codes: list[str]) -> None:
    """New recovery codes wait in the session, sealed, until the page that shows them takes
    them out: a reload shows them no more."""
    session["fresh_recovery_codes"] = totp.seal(" ".join(codes))


@bp.route("/account/two-factor/recovery-codes", methods=["GET", "POST"])
@requires("two_factor")
@confirmation_required
def recovery_codes():
    if request.method == "POST":
        if current_user.totp_secret:
            show_once(renew_recovery_codes(current_user))
            flash(_("New recovery codes are made. The earlier ones no longer work."), "success")
        return see_other("accounts.recovery_codes")
    sealed = session.pop("fresh_recovery_codes", None)
    codes = (totp.unseal(sealed) or "").split() if sealed else []
    return render(
        "accounts/recovery_codes.html",
        codes=codes,
        enrolled=bool(current_user.totp_secret),
        unused=recovery.unused_count(current_user),
    )


@bp.route("/account/confirm", methods=["GET", "POST"], endpoint="confirm_identity")
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@requires()
def confirm_identity_page():
    form = ConfirmIdentityForm()
    form.needs_code = bool(current_user.totp_secret)
    if form.validate_on_submit():
        if confirm_identity(current_user, form.password.data, form.code.data):
            mark_confirmed()
            return redirect(safe_next(request.args.get("next")) or url_for("accounts.account"), 303)
        form.password.errors.append(
            _(
                "The password or the code is not right. After several failed attempts, this is "
                "paused for a few minutes."
            )
        )
    return render("accounts/confirm.html", form=form, status=422 if form.errors else 200)


@bp.route("/account")
@requires()
def account():
    return render(
        "accounts/account.html",
        session_count=Session.select().where(Session.user == current_user.id).count(),
    )


@bp.route("/account/sessions")
@requires()
def sessions():
    rows = (
        Session.select(Session.token_hash, Session.device, Session.created_at, Session.last_seen)
        .where(Session.user == current_user.id)
        .order_by(Session.last_seen.desc())
        .limit(SESSIONS_SHOWN)
    )
    return render("accounts/sessions.html", sessions=list(rows), current=current_token_hash())


@bp.route("/account/sessions/end-others", methods=["POST"])
@requires()
def end_others():
    ended = end_other_sessions(current_user, current_token_hash())
    flash(
        ngettext(
            "%(num)s other device has been logged out.",
            "%(num)s other devices have been logged out.",
            ended,
        ),
        "success",
    )
    return see_other("accounts.sessions")


@bp.route("/account/email", methods=["GET", "POST"])
@requires()
@confirmation_required
def change_email():
    form = ChangeEmailForm()
    form.current = current_user.email
    if form.validate_on_submit():
        request_email_change(current_user, form.email.data)
        flash(
            _(
                "A link is on its way to %(email)s. Your address changes when you open it; it "
                "works for 24 hours.",
                email=normalise_email(form.email.data),
            ),
            "success",
        )
        return see_other("accounts.account")
    return render("accounts/change_email.html", form=form, status=422 if form.errors else 200)


@bp.route("/account/email/<token>", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@public
def confirm_email(token):
    """The link in the mail to the new address: a page with a button (a mail scanner that
    opens the link changes nothing), and the change when it is pressed."""
    token_row = valid_token(token, "email")
    if token_row is None:
        return render("accounts/token_invalid.html", purpose="email", status=404)
    if request.method == "POST":
        try:
            changed = confirm_email_change(token_row)
        except EmailTaken:
            changed = False
        if not changed:
            return render("accounts/token_invalid.html", purpose="email", status=404)
        flash(
            _("Your account now has the address %(email)s.", email=token_row.new_email), "success"
        )
        return see_other("accounts.account" if current_user.is_authenticated else "accounts.login")
    return render("accounts/confirm_email.html", new_email=token_row.new_email)


@bp.before_app_request
def enrolment_first():
    """Staff whose area requires two-factor authentication enrol before anything else."""
    if session.get("must_enrol_totp") and request.endpoint not in ENROLMENT_OPEN:
        return redirect(url_for("accounts.two_factor"))
    return None


@bp.route("/logout", methods=["POST"])
@public
def logout():
    language = session.get("lang")
    if language and language != current_user.language:
        save_language(current_user, language)  # the choice made during the session stays
    logout_user()
    session.rotate()
    flash(_("You are logged out."), "success")
    return see_other("accounts.login")


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(MAIL_LIMIT, methods=["POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = User.get_or_none(User.email == normalise_email(form.email.data))
        if user is not None and user.is_active:
            token = issue_token(user, "reset")
            queue_mail(
                user.email,
                "accounts/mail/reset_password",
                user.language,
                link=url_for("accounts.reset_password", token=token, _external=False),
            )
        # The same answer whether or not the address has an account.
        flash(
            _(
                "If the address has an account, a link to choose a new password is on its way. "
                "It works for 30 minutes."
            ),
            "success",
        )
        return see_other("accounts.login")
    return render("accounts/forgot.html", form=form, status=422 if form.errors else 200)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@public
def reset_password(token):
    return _choose_password(token, "reset", _("Your new password is saved. Log in with it."))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@public
def accept_invitation(token):
    return _choose_password(
        token, "invite", _("Your password is saved. Welcome – log in with your email and password.")
    )


def _choose_password(token, purpose, done_message):
    """Set a password with a single-use link (reset or invitation), then log in afresh."""
    token_row = valid_token(token, purpose)
    if token_row is None:
        return render("accounts/token_invalid.html", purpose=purpose, status=404)
    form = NewPasswordForm()
    form.email = token_row.user.email
    if form.validate_on_submit():
        if use_token(token_row, form.password.data):
            if current_user.is_authenticated:
                logout_user()
                session.rotate()
            flash(done_message, "success")
            return see_other("accounts.login")
        return render("accounts/token_invalid.html", purpose=purpose, status=404)
    return render(
        "accounts/set_password.html",
        form=form,
        purpose=purpose,
        email=token_row.user.email,
        status=422 if form.errors else 200,
    )


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@requires()
def change_password():
    # The form asks for the current password; with two-factor on, the second factor must be
    # given again too (as for the email address), or a password alone would take it over.
    if current_user.totp_secret and not recently_confirmed():
        return redirect(url_for("accounts.confirm_identity", next=request.path), code=303)
    form = ChangePasswordForm()
    form.email = current_user.email
    if form.validate_on_submit():
        if check_current_password(current_user, form.current.data):
            change_own_password(current_user, form.password.data)
            user = User.get_by_id(current_user.id)
            start_session(user)
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return see_other("pages.home")
        form.current.errors.append(
            _(
                "The current password is not right. After several failed attempts, changing "
                "it is paused for a few minutes."
            )
        )
    return render("accounts/change_password.html", form=form, status=422 if form.errors else 200)
