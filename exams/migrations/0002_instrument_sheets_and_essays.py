"""The FR.IA.01 checklist becomes one shape for every per-KUK instrument (FR.IA.01, FR.IA.03,
FR.IA.11): renamed, with the instrument named on each sheet; the CBT gains essays (FR.IA.06)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("assessment", "0005_identity_check_mapa_multiple_choice"),
        ("exams", "0001_initial"),
        ("registration", "0008_merge_0007_pdp_rights_0007_purposes_as_fr_apl_01"),
        ("schemes", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="observationchecklist", name="unique_observation_per_unit"),
        migrations.RenameModel("ObservationChecklist", "InstrumentSheet"),
        migrations.RenameModel("ObservationRow", "InstrumentRow"),
        migrations.RenameField("instrumentsheet", "observed_by", "recorded_by"),
        migrations.RenameField("instrumentsheet", "observed_at", "recorded_at"),
        migrations.RenameField("instrumentrow", "checklist", "sheet"),
        migrations.AddField(
            model_name="instrumentsheet", name="instrument",
            field=models.CharField(choices=[("FR.IA.01", "Ceklis observasi (FR.IA.01)"),
                                            ("FR.IA.03", "Pertanyaan pendukung observasi (FR.IA.03)"),
                                            ("FR.IA.11", "Ceklis meninjau portofolio (FR.IA.11)")],
                                   default="FR.IA.01", max_length=10, verbose_name="instrumen"),
        ),
        migrations.AddConstraint(
            model_name="instrumentsheet",
            constraint=models.UniqueConstraint(fields=("assessment", "unit", "instrument"),
                                               name="unique_instrument_sheet_per_unit"),
        ),
        migrations.AlterModelOptions(
            name='instrumentrow',
            options={'ordering': ['criterion__element__order', 'criterion__order'], 'verbose_name': 'baris instrumen per KUK', 'verbose_name_plural': 'baris instrumen per KUK'},
        ),
        migrations.AlterModelOptions(
            name='instrumentsheet',
            options={'ordering': ['unit__order', 'instrument'], 'verbose_name': 'lembar instrumen per KUK (FR.IA.01/03/11)', 'verbose_name_plural': 'lembar instrumen per KUK (FR.IA.01/03/11)'},
        ),
        migrations.AddField(
            model_name='attemptquestion',
            name='essay_answer',
            field=models.TextField(blank=True, verbose_name='jawaban esai'),
        ),
        migrations.AddField(
            model_name='attemptquestion',
            name='review_note',
            field=models.TextField(blank=True, verbose_name='catatan penilaian esai'),
        ),
        migrations.AddField(
            model_name='attemptquestion',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='dinilai'),
        ),
        migrations.AddField(
            model_name='attemptquestion',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dinilai oleh'),
        ),
        migrations.AddField(
            model_name='examsetting',
            name='essay_count',
            field=models.PositiveSmallIntegerField(default=2, verbose_name='jumlah soal esai per peserta (FR.IA.06)'),
        ),
        migrations.AddField(
            model_name='instrumentrow',
            name='answer',
            field=models.TextField(blank=True, verbose_name='jawaban asesi'),
        ),
        migrations.AddField(
            model_name='instrumentrow',
            name='authentic',
            field=models.BooleanField(default=True, verbose_name='asli'),
        ),
        migrations.AddField(
            model_name='instrumentrow',
            name='current',
            field=models.BooleanField(default=True, verbose_name='terkini'),
        ),
        migrations.AddField(
            model_name='instrumentrow',
            name='portfolio_file',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registration.evidence', verbose_name='berkas portofolio yang ditinjau'),
        ),
        migrations.AddField(
            model_name='instrumentrow',
            name='question',
            field=models.TextField(blank=True, verbose_name='pertanyaan yang diajukan'),
        ),
        migrations.AddField(
            model_name='instrumentrow',
            name='valid',
            field=models.BooleanField(default=True, verbose_name='valid'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='score',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='nilai pilihan ganda (%)'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='total',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='jumlah soal pilihan ganda'),
        ),
        migrations.AlterField(
            model_name='attemptquestion',
            name='is_correct',
            field=models.BooleanField(blank=True, null=True, verbose_name='benar / kompeten'),
        ),
        migrations.AlterField(
            model_name='instrumentrow',
            name='met',
            field=models.BooleanField(verbose_name='memenuhi / memadai'),
        ),
        migrations.AlterField(
            model_name='instrumentrow',
            name='sheet',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rows', to='exams.instrumentsheet', verbose_name='lembar'),
        ),
        migrations.AlterField(
            model_name='instrumentsheet',
            name='assessment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='instrument_sheets', to='assessment.assessment', verbose_name='asesmen'),
        ),
        migrations.AlterField(
            model_name='instrumentsheet',
            name='recorded_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='diisi'),
        ),
    ]
