import re
import shutil
import subprocess

import pytest
import segno
from django.urls import reverse

from feedback import posters, services, tokens
from feedback.factories import CounterFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.feedback.manage_helpers")]


def _text(pdf, tmp_path):
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_poster_pdf_content(client_for, staff_user, ward, tmp_path, settings):
    settings.SITE_URL = "https://cchc.example.vn"
    counter = CounterFactory(unit=ward, name="Quầy Tư pháp – Hộ tịch")
    page = client_for(staff_user).get(reverse("feedback:counter-poster", args=[counter.pk]))
    assert page.status_code == 200
    assert page["Content-Type"] == "application/pdf"
    assert page.content.startswith(b"%PDF")
    text = _text(page.content, tmp_path)
    assert "Phường Một".upper() in text.upper()
    assert "Quầy Tư pháp – Hộ tịch" in text
    assert "không hỏi thông tin cá nhân" in text
    url = posters.public_url(counter)
    assert url.replace("/", "") in text.replace(" ", "").replace("/", "")


def test_poster_qr_encodes_current_url_and_rotation_changes_it(ward, tmp_path, settings):
    settings.SITE_URL = "https://cchc.example.vn"
    counter = CounterFactory(unit=ward)
    url = posters.public_url(counter)
    html = posters.poster_html(counter)
    assert segno.make(url, error="m").svg_data_uri(scale=10) in html
    old_token = tokens.counter_token(counter)
    services.counter_rotate_keys(counter=counter, by=None)
    counter.refresh_from_db()
    new_url = posters.public_url(counter)
    assert new_url != url
    assert segno.make(new_url, error="m").svg_data_uri(scale=10) in posters.poster_html(counter)
    assert tokens.counter_for_token(old_token) is None
    assert tokens.counter_for_token(re.search(r"/s/([^/]+)/$", new_url)[1]) == counter


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbarimg (zbar-tools) not installed")
def test_printed_qr_decodes(ward, tmp_path, settings):
    settings.SITE_URL = "https://cchc.example.vn"
    counter = CounterFactory(unit=ward)
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(posters.poster_pdf(counter))
    subprocess.run(["pdftoppm", "-png", "-r", "100", str(pdf), str(tmp_path / "page")], check=True)
    image = sorted(tmp_path.glob("page*.png"))[0]
    out = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
    assert out.stdout.strip() == posters.public_url(counter)
