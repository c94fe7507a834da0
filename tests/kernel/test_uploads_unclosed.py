"""A download that its caller never closes (a test client in the access matrix or the walkers)
leaves no stored file open: pytest turns the ResourceWarning into an error."""

import gc

from app import uploads

PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def test_a_served_file_left_unclosed_leaves_no_file_open(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    with app.test_request_context():
        name = uploads.save(PNG_1x1, "png")
        response = uploads.send_stored(name, "x", as_attachment=False)
        assert response.mimetype == "image/png"
        del response
        gc.collect()
