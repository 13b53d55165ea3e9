from django.db import migrations

INTRO = (
    "<p>Llar és el sistema d'informació dels serveis socials bàsics municipals. "
    "Hi treballen les treballadores i els educadors socials, el personal "
    "administratiu i les coordinacions de cada àrea bàsica.</p>"
    "<p>Els professionals hi entren des de l'<a href=\"/admin/\">espai de treball</a>. "
    "Aquí també hi haurà el curs de formació i la verificació de certificats.</p>"
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    # Wagtail's initial migration leaves a placeholder "Welcome" page at depth 2.
    Page.objects.filter(depth=2, content_type__model="page").delete()

    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    locale_id = Page.objects.get(depth=1).locale_id
    homepage = HomePage.objects.create(
        title="Llar",
        draft_title="Llar",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=locale_id,
        intro=INTRO,
    )
    root = Page.objects.get(depth=1)
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    # Roles are defined in code (configuration/roles.py); Wagtail's starter groups
    # would be a second, hand-managed way to grant page permissions.
    Group = apps.get_model("auth.Group")
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page_id": homepage.id, "site_name": "Llar"},
    )


def remove_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage = apps.get_model("home.HomePage")
    HomePage.objects.filter(slug="home", depth=2).delete()
    ContentType.objects.filter(model="homepage", app_label="home").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
