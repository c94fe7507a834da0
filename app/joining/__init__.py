from flask import Blueprint

bp = Blueprint("joining", __name__)
