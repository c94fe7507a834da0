"""The bare Flask "hello world" the portal's throughput is compared with (same gunicorn)."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello, World!"
