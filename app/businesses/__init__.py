from flask import Blueprint

bp = Blueprint("businesses", __name__)
