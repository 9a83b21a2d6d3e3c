from django.urls import path

from exams import views

app_name = "exams"
urlpatterns = [
    path("jadwal/", views.sessions, name="sessions"),
    path("jadwal/<int:pk>/", views.session_detail, name="session_detail"),
    path("jadwal/<int:pk>/tempatkan/", views.session_place, name="session_place"),
    path("saya/", views.my_exams, name="my_exams"),
    path("asesmen/<int:pk>/cbt/mulai/", views.cbt_start, name="cbt_start"),
    path("cbt/<int:pk>/", views.cbt, name="cbt"),
    path("cbt/<int:pk>/jawab/", views.cbt_answer, name="cbt_answer"),
    path("asesmen/<int:pk>/cbt/", views.cbt_result, name="cbt_result"),
    path("asesmen/<int:pk>/cbt/catat/", views.cbt_record, name="cbt_record"),
    path("asesmen/<int:pk>/fr-ia-05.pdf", views.cbt_pdf, name="cbt_pdf"),
    path("asesmen/<int:pk>/unit/<int:unit_pk>/observasi/", views.observation, name="observation"),
    path("asesmen/<int:pk>/unit/<int:unit_pk>/fr-ia-01.pdf", views.observation_pdf, name="observation_pdf"),
    path("asesmen/<int:pk>/unit/<int:unit_pk>/lisan/", views.oral, name="oral"),
    path("bank-soal/", views.question_bank, name="question_bank"),
    path("bank-soal/impor/", views.question_import, name="question_import"),
    path("bank-soal/<int:pk>/tarik/", views.question_retire, name="question_retire"),
]
