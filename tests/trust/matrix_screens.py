"""The screens the permission matrix walks: each object's URL per action.

`screen` actions take no row; `rows` actions take a placement
(tests/trust/matrix_data.py).
"""

from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class Screen:
    """URLs of one object's actions: `screen` ones take no row; `rows` ones take
    a placement. `rows_of` names whose rows the row actions act on (a role
    seeing them gets 302 when refused, others 404); `family` which placements
    a role may see: persons ("person") or expedients ("expedient")."""

    key: str
    family: str
    screen: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
    rows_of: str = ""
    refusal: int = 302
    listed: str = ""  # the placement's row its listing must show or hide


def admin_url(name, *args, query=""):
    return reverse(name, args=args) + (f"?{query}" if query else "")


def item(key, namespace, attr, *, inspect=False, create_query=None, family="expedient"):
    rows = {
        "change": lambda p: admin_url(f"{namespace}:edit", getattr(p, attr).pk),
        "delete": lambda p: admin_url(f"{namespace}:delete", getattr(p, attr).pk),
        "create": create_query
        or (lambda p: admin_url(f"{namespace}:add", query=f"expedient={p.case.pk}")),
    }
    if inspect:
        rows["view"] = lambda p: admin_url(f"{namespace}:inspect", getattr(p, attr).pk)
    index = admin_url(f"{namespace}:index")
    return Screen(
        key,
        family,
        screen={"list": index, "export": f"{index}?export=csv"},
        rows=rows,
        listed=attr,
    )


SCREENS = (
    Screen(
        "person",
        "person",
        screen={"create": admin_url("person:add")},
        rows={
            "view": lambda p: admin_url("person_historial", p.person.pk),
            "change": lambda p: admin_url("person:edit", p.person.pk),
            "delete": lambda p: admin_url("person:delete", p.person.pk),
        },
    ),
    Screen(
        "desk",
        "person",
        screen={
            "list": admin_url("directory_search", query="q=serra"),
            "export": admin_url("directory_search", query="q=serra&export=csv"),
        },
        listed="person",
    ),
    Screen(
        "extended",
        "person",
        screen={
            "list": admin_url("personextended:index"),
            "create": admin_url("personextended:add"),
        },
        rows={
            "change": lambda p: admin_url("personextended:edit", p.extended.pk),
            "delete": lambda p: admin_url("personextended:delete", p.extended.pk),
        },
        listed="extended",
    ),
    Screen(
        "kinship",
        "person",
        screen={"list": admin_url("kinship:index"), "create": admin_url("kinship:add")},
        rows={
            "change": lambda p: admin_url("kinship:edit", p.kinship.pk),
            "delete": lambda p: admin_url("kinship:delete", p.kinship.pk),
        },
        listed="kinship",
    ),
    Screen(
        "merge",
        "person",
        screen={"list": admin_url("directory_duplicates")},
        rows={
            "change": lambda p: admin_url(
                "directory_merge", p.person.pk, p.kinship.relative_id
            ),
        },
        rows_of="person",
    ),
    Screen(
        "cover",
        "expedient",
        screen={
            "list": admin_url("casework_expedients:index"),
            "export": admin_url("casework_expedients:index", query="export=csv"),
            "create": admin_url("casework_expedients:add"),
        },
        rows={
            "view": lambda p: admin_url("casework_expedient", p.case.pk),
            "change": lambda p: admin_url("casework_expedients:edit", p.case.pk),
            "delete": lambda p: admin_url("casework_expedients:delete", p.case.pk),
            "close": lambda p: admin_url("casework_expedient_close", p.case.pk),
        },
        listed="case",
    ),
    item("actuacions", "casework_actuacions", "actuacio", inspect=True),
    item("demands", "casework_demands", "demand", inspect=True),
    item("problems", "casework_problems", "problem", inspect=True),
    item("resources", "casework_resources", "resource"),
    item("tramits", "casework_tramits", "tramit"),
    item("plans", "casework_plans", "plan"),
    item(
        "objectives",
        "casework_objectives",
        "objective",
        create_query=lambda p: admin_url(
            "casework_objectives:add", query=f"plan={p.plan.pk}"
        ),
    ),
    item("documents", "casework_documents", "document", inspect=True),
    # The document's file goes with reading the document.
    Screen(
        "document_file",
        "expedient",
        rows={"view": lambda p: admin_url("casework_document_download", p.document.pk)},
        rows_of="documents",
        refusal=404,
    ),
    Screen(
        "agreement",
        "expedient",
        rows={"view": lambda p: admin_url("casework_plan_agreement", p.plan.pk)},
        rows_of="plans",
    ),
    Screen(
        "registres",
        "person",
        screen={
            "list": admin_url("registres:index"),
            "export": admin_url("registres:index", query="export=xlsx"),
        },
    ),
    Screen(
        "access_report",
        "person",
        rows={
            "view": lambda p: admin_url("casework_person_access_report", p.person.pk)
        },
        refusal=404,
    ),
    Screen(
        "tools",
        "expedient",
        screen={"list": admin_url("helpdesk_tools:index")},
        rows={"change": lambda p: admin_url("helpdesk_tools:items_delete", p.case.pk)},
        refusal=404,
    ),
    # The immigration module (family "immigration": its own expedients).
    Screen(
        "immigration_cover",
        "immigration",
        screen={
            "list": admin_url("casework_immigration_expedients:index"),
            "export": admin_url(
                "casework_immigration_expedients:index", query="export=csv"
            ),
        },
        rows={
            "view": lambda p: admin_url("casework_expedient", p.imm_case.pk),
            "change": lambda p: admin_url("casework_immigration_edit", p.imm_case.pk),
            "close": lambda p: admin_url("casework_expedient_close", p.imm_case.pk),
        },
        listed="imm_case",
    ),
    item(
        "immigration_actuacions",
        "casework_immigration_actuacions",
        "imm_actuacio",
        inspect=True,
        family="immigration",
        create_query=lambda p: admin_url(
            "casework_immigration_actuacions:add", query=f"expedient={p.imm_case.pk}"
        ),
    ),
    # The transfer to another sector: coordinators (their tools) and TS/ES for
    # their teams' sectors (from the cover), issue 16.13.
    Screen(
        "sector_transfer",
        "expedient",
        rows={
            "change": lambda p: admin_url(
                "helpdesk_tools:expedient_transfer", p.case.pk
            )
        },
        refusal=404,
    ),
)
