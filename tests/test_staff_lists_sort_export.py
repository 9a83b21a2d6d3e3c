"""The other staff lists (issue 19): technical-team meetings, SK, surveillance review queue,
recertification requests, sent reminders and complaints sort by a column chosen in the URL, keep
their filters in the URL (also across pages) and download the list as shown as CSV or XLSX."""

import csv
import io
import uuid
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from complaints.models import Complaint
from decisions.models import DecisionLetter, TechnicalMeeting
from skema_lsp.models import SentReminder
from surveillance.models import RecertificationRequest, Surveillance

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv"), response.status_code
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _xlsx(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def _dmy(day: date) -> str:
    return day.strftime("%d-%m-%Y")


@pytest.fixture
def staff(client, demo):
    client.force_login(demo.user("staf"))
    return client


def test_meetings_sort_by_date_and_place_filter_and_export(staff, demo):
    creator = demo.user("staf")
    for n, place in enumerate(["Zamrud", "Aula Barat", "Mawar"]):
        TechnicalMeeting.objects.create(date=date(2026, 1, 10 + n), place=f"Ruang Uji {place}", created_by=creator,
                                        status=TechnicalMeeting.Status.DITUTUP)
    url = reverse("decisions:meetings")
    newest_first = [m.date for m in staff.get(url).context["page"]]
    assert newest_first == sorted(newest_first, reverse=True) and len(newest_first) >= 3
    by_place = [m.place for m in staff.get(url, {"urut": "tempat", "q": "Ruang Uji"}).context["page"]]
    assert by_place == ["Ruang Uji Aula Barat", "Ruang Uji Mawar", "Ruang Uji Zamrud"]
    html = staff.get(url, {"urut": "tempat", "q": "Ruang Uji"}).content.decode()
    assert 'aria-sort="ascending"' in html and "urut=-tempat" in html and "q=Ruang+Uji" in html
    closed = staff.get(url, {"status": "ditutup"}).context["page"]
    assert {m.status for m in closed} == {"ditutup"}
    rows = _csv(staff.get(url, {"urut": "-tempat", "q": "Ruang Uji", "ekspor": "csv"}))
    assert rows[0][:4] == ["Tanggal", "Tempat", "Jumlah asesi", "Status"]
    assert rows[1:] == [[_dmy(date(2026, 1, 10)), "Ruang Uji Zamrud", "0", "Ditutup", "", "", ""],
                        [_dmy(date(2026, 1, 12)), "Ruang Uji Mawar", "0", "Ditutup", "", "", ""],
                        [_dmy(date(2026, 1, 11)), "Ruang Uji Aula Barat", "0", "Ditutup", "", "", ""]]
    sheet = _xlsx(staff.get(url, {"urut": "tanggal", "q": "Ruang Uji", "ekspor": "xlsx"}))
    assert [r[1] for r in sheet[1:]] == ["Ruang Uji Zamrud", "Ruang Uji Aula Barat", "Ruang Uji Mawar"]


def test_meeting_list_export_is_not_for_technical_team_members(client, demo):
    member = TechnicalMeeting.objects.order_by("pk").first().members.order_by("pk").first()
    client.force_login(member)
    response = client.get(reverse("decisions:meetings"), {"ekspor": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_sk_list_sorts_filters_and_exports(staff, demo):
    meeting = TechnicalMeeting.objects.create(date=date(2026, 2, 2), place="Ruang Rapat", created_by=demo.user("staf"))
    DecisionLetter.objects.create(meeting=meeting, number="SK/999/2020", year=2020, sequence=999,
                                  drafted_by=demo.user("staf"))
    url = reverse("decisions:sk_list")
    by_number = [(sk.year, sk.sequence) for sk in staff.get(url, {"urut": "nomor"}).context["page"]]
    assert by_number == sorted(by_number) and by_number[0] == (2020, 999)
    drafts = staff.get(url, {"status": "draf"}).context["page"]
    assert {sk.status for sk in drafts} == {"draf"} and "SK/999/2020" in {sk.number for sk in drafts}
    rows = _csv(staff.get(url, {"q": "SK/999", "ekspor": "csv"}))
    assert rows == [["Nomor SK", "Tanggal rapat", "Nomor berita acara", "Status", "Disusun", "Disetujui",
                     "Disetujui oleh"], ["SK/999/2020", _dmy(date(2026, 2, 2)), "", "Draf", rows[1][4], "", ""]]
    assert rows[1][4]  # the moment it was drafted


def _submitted_surveillances() -> list[Surveillance]:
    items = list(Surveillance.objects.select_related("certificate").order_by("pk")[:3])
    for n, s in enumerate(items):
        Surveillance.objects.filter(pk=s.pk).update(status=Surveillance.Status.DIAJUKAN,
                                                    due_date=date(2027, 3, 1) - timedelta(days=n))
    return items


def test_review_queue_sorts_filters_and_exports(staff, demo):
    items = _submitted_surveillances()
    assert len(items) >= 2
    url = reverse("surveillance:review_queue")
    by_due = [s.due_date for s in staff.get(url, {"urut": "jatuh_tempo"}).context["page"].object_list]
    assert by_due == sorted(by_due) and len(by_due) >= len(items)
    number = items[0].certificate.number
    filtered = staff.get(url, {"q": number}).context["page"].object_list
    assert {s.certificate.number for s in filtered} == {number}
    rows = _csv(staff.get(url, {"q": number, "ekspor": "csv"}))
    assert rows[0][0] == "Nomor surveilan" and [r[2] for r in rows[1:]] == [number] * len(filtered)
    assert rows[1][0] == filtered[0].reference and rows[1][1] == filtered[0].certificate.holder_name


def test_recertification_list_sorts_filters_and_exports(staff, demo):
    requests = list(RecertificationRequest.objects.select_related("certificate").order_by("pk"))
    assert requests
    url = reverse("surveillance:recertification_list")
    ascending = [r.certificate.valid_until for r in staff.get(url, {"urut": "berlaku"}).context["page"].object_list]
    assert ascending == sorted(ascending)
    status = requests[0].status
    shown = staff.get(url, {"status": status}).context["page"].object_list
    assert {r.status for r in shown} == {status}
    sheet = _xlsx(staff.get(url, {"status": status, "ekspor": "xlsx"}))
    assert sheet[0][:3] == ("Diajukan", "Pemegang", "Sertifikat lama")
    assert [r[2] for r in sheet[1:]] == [r.certificate.number for r in shown]
    html = staff.get(url, {"status": status, "urut": "status"}).content.decode()
    assert 'name="status"' in html and "urut=-status" in html and f"status={status}" in html


def _reminders(demo, n: int, kind: str) -> None:
    recipient = demo.user("pemohon1")
    content_type = ContentType.objects.get_for_model(type(recipient))
    SentReminder.objects.bulk_create([
        SentReminder(kind=kind, content_type=content_type, object_id=str(recipient.pk),
                     due_date=date(2026, 1, 1) + timedelta(days=i), recipient=recipient,
                     subject=f"Pengingat uji {i:03d}", claim_token=uuid.uuid4())
        for i in range(n)
    ])


def test_sent_reminders_filters_survive_paging_and_sort_and_export(staff, demo):
    _reminders(demo, 55, "appeals.window_closing")
    _reminders(demo, 3, "exams.session")
    url = reverse("sent_reminders")
    first = staff.get(url, {"kind": "appeals.window_closing", "urut": "jatuh_tempo"})
    html = first.content.decode()
    assert "kind=appeals.window_closing" in html and "page=2" in html
    second = staff.get(url, {"kind": "appeals.window_closing", "urut": "jatuh_tempo", "page": 2})
    rows = [r for r, _, _ in second.context["rows"]]
    assert len(rows) == 5 and {r.kind for r in rows} == {"appeals.window_closing"}
    assert [r.due_date for r in rows] == [date(2026, 1, 1) + timedelta(days=i) for i in range(50, 55)]
    export = _csv(staff.get(url, {"kind": "exams.session", "urut": "-jatuh_tempo", "ekspor": "csv"}))
    assert export[0] == ["Dikirim", "Jenis", "Judul", "Penerima", "Nama pengguna", "Jatuh tempo", "Objek"]
    assert [r[2] for r in export[1:]] == ["Pengingat uji 002", "Pengingat uji 001", "Pengingat uji 000"]
    assert {r[1] for r in export[1:]} == {"Jadwal uji kompetensi (kelompok, H-1)"}
    assert export[1][5] == _dmy(date(2026, 1, 3)) and export[1][4] == "pemohon1"


def test_complaints_list_sorts_by_deadline_keeps_filters_across_pages_and_exports(staff, demo):
    template = Complaint.objects.order_by("pk").first()
    year = 1999
    Complaint.objects.bulk_create([
        Complaint(reference=f"ADU/{year}/{i:04d}", year=year, sequence=i, subject=template.subject,
                  certificate=template.certificate, description="Uraian", complainant_name=f"Pengadu {i:02d}",
                  complainant_email=f"p{i}@example.org", complainant_kind=template.complainant_kind,
                  filed_at=template.filed_at, received_on=template.received_on,
                  due_on=date(2026, 6, 1) + timedelta(days=(i * 7) % 55), status=template.status)
        for i in range(1, 56)
    ])
    url = reverse("complaints:staff_list")
    page1 = staff.get(url, {"q": f"ADU/{year}", "urut": "batas"})
    html = page1.content.decode()
    assert f"q=ADU%2F{year}" in html and "urut=batas" in html and "page=2" in html
    page2 = staff.get(url, {"q": f"ADU/{year}", "urut": "batas", "page": 2}).context["page"]
    assert len(page2) == 5 and all(c.reference.startswith(f"ADU/{year}/") for c in page2)
    shown = [c.due_on for c in page1.context["page"]] + [c.due_on for c in page2]
    assert shown == sorted(shown) and len(shown) == 55
    rows = _csv(staff.get(url, {"q": f"ADU/{year}", "urut": "-batas", "ekspor": "csv"}))
    assert rows[0][0] == "Nomor pengaduan" and len(rows) == 56
    assert [r[6] for r in rows[1:]] == [_dmy(d) for d in sorted(shown, reverse=True)]
    assert all("@" not in cell for r in rows for cell in r)  # contact details stay out of the file


def _export_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        for fmt in ("csv", "xlsx"):
            response = client.get(url, {"ekspor": fmt})
            _csv(response) if fmt == "csv" else _xlsx(response)
    return len(ctx.captured_queries)


def test_exports_ask_the_same_number_of_questions_for_few_and_many_rows(staff, demo):
    urls = [reverse(name) for name in ("decisions:meetings", "decisions:sk_list", "surveillance:review_queue",
                                       "surveillance:recertification_list", "sent_reminders",
                                       "complaints:staff_list")]
    _submitted_surveillances()
    before = {url: _export_queries(staff, url) for url in urls}
    creator = demo.user("staf")
    for n in range(6):
        meeting = TechnicalMeeting.objects.create(date=date(2025, 1, 1 + n), place=f"Ruang {n}", created_by=creator)
        DecisionLetter.objects.create(meeting=meeting, number=f"SK/{n}/2019", year=2019, sequence=n + 1,
                                      drafted_by=creator, approved_by=creator)
    _reminders(demo, 6, "exams.session")
    template = Complaint.objects.order_by("pk").first()
    Complaint.objects.bulk_create([
        Complaint(reference=f"ADU/1998/{i:04d}", year=1998, sequence=i, subject=template.subject,
                  certificate=template.certificate, description="Uraian", complainant_name="Pengadu",
                  complainant_email="p@example.org", complainant_kind=template.complainant_kind,
                  filed_at=template.filed_at, received_on=template.received_on, due_on=template.due_on,
                  handler=creator)
        for i in range(1, 7)
    ])
    after = {url: _export_queries(staff, url) for url in urls}
    assert after == before
