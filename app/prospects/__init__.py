from flask import Blueprint

bp = Blueprint("prospects", __name__)
