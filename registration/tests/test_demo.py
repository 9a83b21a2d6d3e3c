from registration import demo
from registration.models import Application, Evidence, Payment
from registration.queries import is_fee_settled
from schemes import demo as schemes_demo
from skema_lsp.management.commands.seed_demo import ensure_users


def test_demo_has_every_state_and_is_idempotent(db, settings):
    users = ensure_users()
    schemes_demo.seed(users)
    demo.seed(users)
    demo.seed(users)
    states = sorted(Application.objects.values_list("applicant__username", "status"))
    assert states == [("pemohon1", "accepted"), ("pemohon2", "rejected"), ("pemohon2", "returned"),
                      ("pemohon3", "draft"), ("pemohon3", "submitted")]
    accepted = Application.objects.get(status="accepted")
    assert is_fee_settled(accepted)
    assert Payment.objects.get(application__applicant__username="pemohon3").status == "proof_uploaded"
    evidence = Evidence.objects.filter(required_document__code="pasfoto").first()
    assert evidence.content_type == "image/png" and evidence.file.read(8) == b"\x89PNG\r\n\x1a\n"
