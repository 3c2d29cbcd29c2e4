import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

import home.privacy_text


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0003_standard_page'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='PrivacyNoticePage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('controller', wagtail.fields.RichTextField(default=home.privacy_text.controller, verbose_name='controller')),
                ('dpo_email', models.EmailField(max_length=254, verbose_name="data protection officer's email")),
                ('dpo_contact', wagtail.fields.RichTextField(blank=True, default=home.privacy_text.dpo_contact, verbose_name="data protection officer's other contact details")),
                ('purposes', wagtail.fields.RichTextField(default=home.privacy_text.purposes, verbose_name='purposes of processing')),
                ('legal_basis', wagtail.fields.RichTextField(default=home.privacy_text.legal_basis, verbose_name='legal basis')),
                ('recipients', wagtail.fields.RichTextField(default=home.privacy_text.recipients, verbose_name='recipients')),
                ('retention', wagtail.fields.RichTextField(default=home.privacy_text.retention, verbose_name='retention period')),
                ('rights', wagtail.fields.RichTextField(default=home.privacy_text.rights, verbose_name='rights of the data subject')),
                ('other_information', wagtail.fields.RichTextField(blank=True, default=home.privacy_text.other_information, verbose_name='other information')),
            ],
            options={
                'verbose_name': 'privacy notice',
            },
            bases=('wagtailcore.page',),
        ),
    ]
