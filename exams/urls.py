from django.urls import path

from exams import views
from exams.models import Instrument

app_name = "exams"
UNIT = "asesmen/<int:pk>/unit/<int:unit_pk>/"
IA01, IA03, IA11 = ({"instrument": i} for i in (Instrument.OBSERVATION, Instrument.SUPPORTING, Instrument.PORTFOLIO))
urlpatterns = [
    path("jadwal/", views.sessions, name="sessions"),
    path("jadwal/<int:pk>/", views.session_detail, name="session_detail"),
    path("jadwal/<int:pk>/tempatkan/", views.session_place, name="session_place"),
    path("saya/", views.my_exams, name="my_exams"),
    path("asesmen/<int:pk>/cbt/mulai/", views.cbt_start, name="cbt_start"),
    path("cbt/<int:pk>/", views.cbt, name="cbt"),
    path("cbt/<int:pk>/jawab/", views.cbt_answer, name="cbt_answer"),
    path("asesmen/<int:pk>/cbt/", views.cbt_result, name="cbt_result"),
    path("asesmen/<int:pk>/cbt/esai/", views.essay_review, name="essay_review"),
    path("asesmen/<int:pk>/cbt/catat/", views.cbt_record, name="cbt_record"),
    path("asesmen/<int:pk>/fr-ia-05.pdf", views.cbt_pdf, name="cbt_pdf"),
    path(f"{UNIT}observasi/", views.sheet, IA01, name="observation"),
    path(f"{UNIT}fr-ia-01.pdf", views.sheet_pdf, IA01, name="observation_pdf"),
    path(f"{UNIT}pertanyaan-pendukung/", views.sheet, IA03, name="supporting"),
    path(f"{UNIT}fr-ia-03.pdf", views.sheet_pdf, IA03, name="supporting_pdf"),
    path(f"{UNIT}portofolio/", views.sheet, IA11, name="portfolio"),
    path(f"{UNIT}fr-ia-11.pdf", views.sheet_pdf, IA11, name="portfolio_pdf"),
    path(f"{UNIT}lisan/", views.oral, name="oral"),
    path(f"{UNIT}fr-ia-07.pdf", views.oral_pdf, name="oral_pdf"),
    path("bank-soal/", views.question_bank, name="question_bank"),
    path("bank-soal/impor/", views.question_import, name="question_import"),
    path("bank-soal/baru/", views.question_create, name="question_create"),
    path("bank-soal/<int:pk>/ubah/", views.question_edit, name="question_edit"),
    path("bank-soal/<int:pk>/tarik/", views.question_retire, name="question_retire"),
]
