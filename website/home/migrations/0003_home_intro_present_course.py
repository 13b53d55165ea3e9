"""The home page's introduction said the course and certificate verification
"will" be there: they are. Only an introduction still as 0002 wrote it changes;
one an editor rewrote is left alone."""

from django.db import migrations

OLD_SENTENCE = "Aquí també hi haurà el curs de formació i la verificació de certificats."
NEW_SENTENCE = (
    "Aquí mateix hi ha el curs de formació de Llar i la verificació dels "
    "certificats que s'hi obtenen."
)


def present_tense(apps, schema_editor):
    HomePage = apps.get_model("home.HomePage")
    for page in HomePage.objects.filter(intro__contains=OLD_SENTENCE):
        page.intro = page.intro.replace(OLD_SENTENCE, NEW_SENTENCE)
        page.save(update_fields=["intro"])


def future_tense(apps, schema_editor):
    HomePage = apps.get_model("home.HomePage")
    for page in HomePage.objects.filter(intro__contains=NEW_SENTENCE):
        page.intro = page.intro.replace(NEW_SENTENCE, OLD_SENTENCE)
        page.save(update_fields=["intro"])


class Migration(migrations.Migration):
    dependencies = [("home", "0002_create_homepage")]

    operations = [migrations.RunPython(present_tense, future_tense)]
