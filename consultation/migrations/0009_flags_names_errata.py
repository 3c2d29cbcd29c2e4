"""Reports from readers become flags (the table is renamed, no row lost) that a moderator reviews;
a private person's choice to be named in public; longer organisation names; errata of adopted plans.

Existing comments get publish_name=False: the report already showed private persons under a
pseudonym, and nobody had been asked to be named.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('consultation', '0008_paragraph_stats'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='paragraphcomment',
            name='publish_name',
            field=models.BooleanField(default=False, help_text='A private person chose to be named in public; otherwise a pseudonym is shown.', verbose_name='signature may be published'),
        ),
        migrations.AlterField(
            model_name='paragraphcomment',
            name='organisation',
            field=models.CharField(blank=True, max_length=255, verbose_name='organisation'),
        ),
        migrations.RenameModel(old_name='CommentReport', new_name='CommentFlag'),
        migrations.AlterModelOptions(
            name='commentflag',
            options={'verbose_name': 'comment flag', 'verbose_name_plural': 'comment flags'},
        ),
        migrations.AlterField(
            model_name='commentflag',
            name='comment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reader_flags', to='consultation.paragraphcomment'),
        ),
        migrations.AlterField(
            model_name='commentflag',
            name='reason',
            field=models.TextField(blank=True, verbose_name='reason for the flag'),
        ),
        migrations.AddField(
            model_name='commentflag',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='reviewed at'),
        ),
        migrations.AddField(
            model_name='commentflag',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by'),
        ),
        migrations.CreateModel(
            name='Erratum',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('correction', models.TextField(help_text='What is corrected, and how it reads now.', verbose_name='correction')),
                ('reason', models.TextField(verbose_name='reason')),
                ('recorded_at', models.DateTimeField(verbose_name='recorded at')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='errata', to='consultation.planpage')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'erratum',
                'verbose_name_plural': 'errata',
                'ordering': ['plan', 'recorded_at', 'pk'],
            },
        ),
    ]
