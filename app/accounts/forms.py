from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from app.accounts.passwords import MAX_LENGTH, password_problem
from app.forms import Form, email_field


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=MAX_LENGTH)])


class ForgotPasswordForm(Form):
    email = email_field(_l("Email"))


class NewPasswordForm(Form):
    """Choose a new password; `email` (set by the view) is checked against it."""

    password = PasswordField(_l("New password"), validators=[InputRequired()])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            InputRequired(),
            EqualTo("password", message=_l("The passwords do not match.")),
        ],
    )
    email = ""

    def validate_password(self, field):
        problem = password_problem(field.data or "", self.email)
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        _l("Current password"), validators=[InputRequired(), Length(max=MAX_LENGTH)]
    )


class CodeForm(Form):
    code = StringField(
        _l("Six-digit code from your authenticator app"),
        validators=[InputRequired(), Length(max=10)],
    )
